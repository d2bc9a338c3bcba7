import { Writable } from 'node:stream';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { RecordFormat } from '../../src/cli/output/format-names.js';
import { createRecordWriter } from '../../src/cli/output/formats.js';
import { TextSink } from '../../src/cli/output/sink.js';
import { fitWidths, SAMPLE_ROWS } from '../../src/cli/output/table.js';
import { colorLevel } from '../../src/cli/context.js';
import { parseDbTimestamp, toSqlAlchemyText } from '../../src/storage/types/timestamp-text.js';

const KEYS = ['id', 'title', 'description'] as const;
const RECORDS = [
  { id: 'a', title: 'Say "hi", then\nleave', description: null },
  { id: 'b', title: '', description: 'tab\there' },
];

async function render(format: RecordFormat, records: ReadonlyArray<Record<string, string | null>> = RECORDS, options: { nul?: boolean; width?: number; keys?: readonly string[] } = {}): Promise<string> {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const writer = createRecordWriter(format, new TextSink(stream), options.keys ?? KEYS, { color: new Chalk({ level: 0 }), nul: options.nul, width: options.width });
  for (const record of records) await writer.write(record);
  await writer.end();
  return text;
}

describe('record formats', () => {
  it('ndjson: one JSON object per line', async () => {
    const text = await render('ndjson');
    expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)).toEqual(RECORDS);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('json: a valid array, also when empty', async () => {
    expect(JSON.parse(await render('json'))).toEqual(RECORDS);
    expect(await render('json', [])).toBe('[]\n');
  });

  it('csv: RFC 4180 quoting with a header; null is an empty field, "" an empty string', async () => {
    expect(await render('csv')).toBe('id,title,description\na,"Say ""hi"", then\nleave",\nb,"",tab\there\n');
    expect(await render('csv', [])).toBe('id,title,description\n');
  });

  it('tsv: tab-separated, quoting fields that hold tabs or newlines', async () => {
    expect(await render('tsv')).toBe('id\ttitle\tdescription\na\t"Say ""hi"", then\nleave"\t\nb\t""\t"tab\there"\n');
  });

  it('ids: one id per line, or NUL-terminated', async () => {
    expect(await render('ids')).toBe('a\nb\n');
    expect(await render('ids', RECORDS, { nul: true })).toBe('a\0b\0');
  });

  it('table: aligned columns, controls shown escaped, cut only to a given width', async () => {
    expect(await render('table')).toBe(
      ['id  ' + 'title'.padEnd(21) + '  description', 'a   Say "hi", then\\nleave', 'b   ' + ''.padEnd(21) + '  tab\\there', ''].join('\n'),
    );
    const narrow = await render('table', RECORDS, { width: 24 });
    for (const line of narrow.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(24);
    expect(narrow).toContain('…');
    expect(await render('table', [])).toBe('');
  });

  it('table: columns sized by the first rows, later rows streamed into them', async () => {
    const rows = Array.from({ length: SAMPLE_ROWS + 2 }, (_, i) => ({ id: `v${i}`, title: i > SAMPLE_ROWS ? 'a much longer title' : 't', description: null }));
    const lines = (await render('table', rows, { width: 20 })).trimEnd().split('\n');
    expect(lines).toHaveLength(SAMPLE_ROWS + 3);
    expect(lines.at(-1)).toBe(`v${SAMPLE_ROWS + 1}  a mu…`);
  });

  it('text: key: value lines, controls shown escaped', async () => {
    expect(await render('text', [RECORDS[0]])).toBe('id:          a\ntitle:       Say "hi", then\\nleave\ndescription:\n');
  });

  it('fitWidths shrinks the widest column first, then drops columns from the right; never the one to keep', () => {
    expect(fitWidths([10, 40], 30)).toEqual({ columns: [0, 1], widths: [10, 18] });
    expect(fitWidths([3, 3], 100)).toEqual({ columns: [0, 1], widths: [3, 3] });
    expect(fitWidths([36, 20, 20], 40, 0)).toEqual({ columns: [0], widths: [36] });
    expect(fitWidths([36, 20, 20], 44, 0)).toEqual({ columns: [0, 1], widths: [36, 6] });
    expect(fitWidths([20, 40], 10, 1)).toEqual({ columns: [1], widths: [40] });
  });
});

describe('colour', () => {
  it('only on a TTY, never with NO_COLOR, TERM=dumb or --no-color', () => {
    expect(colorLevel({ isTTY: true }, {}, undefined)).toBe(1);
    expect(colorLevel({ isTTY: false }, {}, undefined)).toBe(0);
    expect(colorLevel({ isTTY: true }, { NO_COLOR: '' }, undefined)).toBe(1);
    expect(colorLevel({ isTTY: true }, { NO_COLOR: '1' }, undefined)).toBe(0);
    expect(colorLevel({ isTTY: false }, { FORCE_COLOR: '2' }, undefined)).toBe(2);
    expect(colorLevel({ isTTY: true }, { FORCE_COLOR: '0' }, undefined)).toBe(0);
    expect(colorLevel({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined)).toBe(1);
    expect(colorLevel({ isTTY: true }, { FORCE_COLOR: '3' }, false)).toBe(0);
    expect(colorLevel({ isTTY: true }, { TERM: 'dumb' }, undefined)).toBe(0);
    expect(colorLevel({ isTTY: true }, {}, false)).toBe(0);
  });
});

describe('timestamps as the Aana SDK stores them', () => {
  it('writes SQLAlchemy UTC text with microseconds', () => {
    expect(toSqlAlchemyText(new Date('2026-11-27T12:00:00.123Z'))).toBe('2026-11-27 12:00:00.123000');
    expect(toSqlAlchemyText(new Date('0999-01-02T03:04:05.000Z'))).toBe('0999-01-02 03:04:05.000000');
  });

  it.each([
    ['2026-11-27 12:00:00.123456', '2026-11-27T12:00:00.123Z'],
    ['2026-11-27 12:00:00', '2026-11-27T12:00:00.000Z'],
    ['2026-11-27T12:00:00.5Z', '2026-11-27T12:00:00.500Z'],
    ['2026-11-27 13:39:31.165+00', '2026-11-27T13:39:31.165Z'],
    ['2026-11-27 14:00:00+02:00', '2026-11-27T12:00:00.000Z'],
    ['2026-11-27 07:30:00-0430', '2026-11-27T12:00:00.000Z'],
  ])('reads %j', (text, iso) => {
    expect(parseDbTimestamp(text).toISOString()).toBe(iso);
  });

  it('reads Dates and epoch milliseconds, and refuses anything else', () => {
    expect(parseDbTimestamp(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(parseDbTimestamp(new Date(5)).getTime()).toBe(5);
    expect(() => parseDbTimestamp('yesterday')).toThrow(/not a timestamp/);
  });
});
