import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { snapshot } from '../helpers/snapshot.js';
import { VIDEO_RECORD_KEYS } from '../../src/storage/records.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const UNKNOWN = `unknown field (expected ${VIDEO_RECORD_KEYS.join(', ')})`;
const TOO_LONG = 'record: longer than 4194304 characters, the most one record may have';

interface Refused {
  name: string;
  format: 'ndjson' | 'csv' | 'json';
  input: string | Buffer;
  stderr: string | RegExp;
  /** Refused even with --skip-invalid (the same message, unless given here). */
  fatal?: true | string;
}

const REFUSED: Refused[] = [
  // 1. invalid UTF-8: one rule for every format, the line of the byte
  { name: 'invalid UTF-8 in NDJSON', format: 'ndjson', input: latin1('{"id":"a","path":"/a"}\n{"id":"b","path":"caf\xe9"}\n'), stderr: 'line 2: record: invalid UTF-8', fatal: true },
  { name: 'invalid UTF-8 in CSV', format: 'csv', input: latin1('id,path\nc1,caf\xe9\n'), stderr: 'line 2: record: invalid UTF-8', fatal: true },
  { name: 'invalid UTF-8 in a JSON array', format: 'json', input: latin1('[\n{"id":"a","path":"/a"},\n{"id":"b","path":"caf\xe9"}\n]'), stderr: 'line 3: record: invalid UTF-8', fatal: true },
  { name: 'an encoded surrogate (CESU-8) in CSV', format: 'csv', input: latin1('id,path\na,/a\nb,/\xed\xa0\x80\n'), stderr: 'line 3: record: invalid UTF-8', fatal: true },
  // 2. a lone surrogate escape
  { name: 'a lone high surrogate in NDJSON', format: 'ndjson', input: '{"id":"s1","path":"/ok"}\n{"id":"s2","path":"\\ud800"}\n', stderr: 'line 2: path: holds a lone surrogate (\\ud800), which is not Unicode text' },
  { name: 'a lone low surrogate in a JSON array', format: 'json', input: '[{"id":"s1",\n"title":"x\\udc00y", "path":"/p"}]', stderr: 'line 1: title: holds a lone surrogate (\\udc00), which is not Unicode text' },
  { name: 'a surrogate pair the wrong way round', format: 'ndjson', input: '{"id":"s1","path":"/\\udc00\\ud800"}\n', stderr: 'line 1: path: holds a lone surrogate (\\udc00), which is not Unicode text' },
  // 3. CSV syntax errors are input errors naming their line
  { name: 'a stray quote in CSV', format: 'csv', input: 'id,path\nq1,/a\nq2,ab"c"d\n', stderr: 'line 3: path: invalid CSV: a quote inside a field that does not begin with one (quote the whole field, doubling the quotes in it)' },
  {
    name: 'text after a closing quote in CSV',
    format: 'csv',
    input: 'id,path\nq1,/a\nq2,"ab"c\nq3,/c\n',
    stderr: 'line 3: path: invalid CSV: text after the closing quote of a field',
    fatal: 'line 3: path: invalid CSV: text after the closing quote of a field (where the record ends is unknown, so --skip-invalid cannot skip it)',
  },
  {
    name: 'a quote never closed in CSV',
    format: 'csv',
    input: 'id,path\nq1,/a\nq2,"/b\nq3,/c\n',
    stderr: 'line 3: path: invalid CSV: a quoted field is not closed before the end of the input',
    fatal: 'line 3: path: invalid CSV: a quoted field is not closed before the end of the input (where the record ends is unknown, so --skip-invalid cannot skip it)',
  },
  { name: 'a CSV row with too many fields', format: 'csv', input: 'id,path\nq1,/a,extra\n', stderr: 'line 2: record: invalid CSV: 3 fields where the header has 2' },
  // 4. one record is bounded, and the message stays short
  { name: 'an NDJSON line over the limit', format: 'ndjson', input: `{"path":"/a"}\n{"path":"${'x'.repeat(4 * 1024 * 1024)}"}\n`, stderr: `line 2: ${TOO_LONG}`, fatal: true },
  { name: 'NUL bytes without a line feed as NDJSON', format: 'ndjson', input: Buffer.alloc(6 * 1024 * 1024), stderr: `line 1: ${TOO_LONG}`, fatal: true },
  { name: 'NUL bytes without a line feed as CSV', format: 'csv', input: Buffer.alloc(6 * 1024 * 1024), stderr: `line 1: ${TOO_LONG}`, fatal: true },
  { name: 'a CSV record over the limit', format: 'csv', input: `id,path\na,/a\nb,"${'y\n'.repeat(2 * 1024 * 1024 + 10)}"\n`, stderr: `line 3: ${TOO_LONG}`, fatal: true },
  { name: 'a JSON array element over the limit', format: 'json', input: `[{"path":"/a"},\n {"path":"${'z'.repeat(4 * 1024 * 1024)}"}]`, stderr: `line 2: ${TOO_LONG}`, fatal: true },
  { name: 'a huge unknown CSV column', format: 'csv', input: `id,${'\0'.repeat(1024 * 1024)}\na,b\n`, stderr: /^line 1: "(\\u0000){6}.*….*": unknown field \(expected id, /, fatal: true },
  { name: 'a long invalid url', format: 'ndjson', input: `{"url":"${'u'.repeat(60_000)}"}\n`, stderr: /^line 1: url: "u{40,}…" is not an absolute URL \(scheme:\/\/…\)$/ },
  // 5. a trailing comma in a JSON array
  { name: 'a trailing comma in a JSON array', format: 'json', input: '[{"id":"a","path":"/a"},\n{"id":"b","path":"/b"},\n]', stderr: 'line 2: record: invalid JSON: trailing comma before the end of the array', fatal: true },
  // 6. repeated keys
  { name: 'a repeated CSV column', format: 'csv', input: 'id,id,path\nd1,d2,/d\n', stderr: 'line 1: id: duplicate field', fatal: true },
  { name: 'a repeated NDJSON key', format: 'ndjson', input: '{"path":"/a"}\n{"id":"a","id":"b","path":"/k"}\n', stderr: 'line 2: id: duplicate field' },
  { name: 'a repeated key spelt with an escape', format: 'ndjson', input: '{"path":"/k","title":"t","\\u0074itle":"u"}\n', stderr: 'line 1: title: duplicate field' },
  { name: 'a repeated key in a JSON array', format: 'json', input: '[{"path":"/a"},\n{"id":"b",\n "path":"/b", "path":"/c"}]', stderr: 'line 2: path: duplicate field' },
  // 7. the first line of a multi-line record, in every format
  { name: 'a bad url in a multi-line CSV record', format: 'csv', input: 'id,title,url\nm1,"multi\nline",x\n', stderr: 'line 2: url: "x" is not an absolute URL (scheme://…)' },
  { name: 'a bad url after CRLF line breaks in quoted CSV fields', format: 'csv', input: 'id,title,url\r\nm0,"a\r\nb\r\nc",https://e.com/0\r\nm1,"multi\r\nline",x\r\n', stderr: 'line 5: url: "x" is not an absolute URL (scheme://…)' },
  { name: 'a short row after a multi-line CSV record', format: 'csv', input: 'id,title,path\nm0,"a\nb",/p\nm1\n', stderr: 'line 4: record: invalid CSV: 1 fields where the header has 3' },
  { name: 'a bad url in a multi-line JSON element', format: 'json', input: '[\n  {"id": "j1",\n   "url": "x"}\n]', stderr: 'line 2: url: "x" is not an absolute URL (scheme://…)' },
  // the unknown-field rule and its wording, the same in every format
  { name: 'an unknown CSV column', format: 'csv', input: 'id,titel\na,b\n', stderr: `line 1: titel: ${UNKNOWN}`, fatal: true },
  { name: 'an unknown NDJSON key', format: 'ndjson', input: '{"id":"a","titel":"b"}\n', stderr: `line 1: titel: ${UNKNOWN}` },
  { name: 'an unknown JSON array key', format: 'json', input: '[{"id":"a","titel":"b"}]', stderr: `line 1: titel: ${UNKNOWN}` },
];

describe.each(BACKENDS)('video import input on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    const importing = (args: string[], input?: string | Buffer) => runInProcess(['--db', db.spec, 'video', 'import', ...args], { input });
    beforeAll(async () => {
      db = await create();
      expect((await runInProcess(['--db', db.spec, 'init'])).code).toBe(0);
      expect((await importing(['-'], '{"id":"keep","url":"https://example.com/keep.mp4","title":"Keep"}\n')).code).toBe(0);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    it.each(REFUSED)('refuses $name: exit 2, one short line, nothing written', async (c) => {
      const before = await snapshot(db);
      const result = await importing(['-', '--format', c.format], c.input);
      expect(result.stdout).toBe('');
      if (typeof c.stderr === 'string') expect(result.stderr).toBe(`error: ${c.stderr}\n`);
      else expect(result.stderr.slice(7, -1)).toMatch(c.stderr);
      expect(result.stderr.startsWith('error: ')).toBe(true);
      expect(result.stderr.indexOf('\n')).toBe(result.stderr.length - 1);
      expect(result.stderr.length).toBeLessThan(400);
      expect(result.code).toBe(2);
      expect(await snapshot(db)).toEqual(before);
    });

    it.each(REFUSED.filter((c) => c.fatal))('stops at $name even with --skip-invalid', async (c) => {
      const before = await snapshot(db);
      const result = await importing(['-', '--format', c.format, '--skip-invalid'], c.input);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: [^\n]*\n$/);
      const expected = c.fatal === true || c.fatal === undefined ? c.stderr : c.fatal;
      if (typeof expected === 'string') expect(result.stderr).toBe(`error: ${expected}\n`);
      else expect(result.stderr.slice(7, -1)).toMatch(expected);
      expect(result.code).toBe(2);
      expect(await snapshot(db)).toEqual(before);
    });

    it('with --skip-invalid counts a CSV record with several quote errors once, in its place', async () => {
      const input = 'id,path,title\nq1,/a,"fine"\nq2,ab"c"d,x"y\nq3,/c\nq4,/d,ok\n';
      const result = await importing(['-', '--format', 'csv', '--skip-invalid', '--report', 'json'], input);
      const lines = result.stderr.split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'invalid line 3: path: invalid CSV: a quote inside a field that does not begin with one (quote the whole field, doubling the quotes in it)',
        'invalid line 4: record: invalid CSV: 2 fields where the header has 3',
      ]);
      expect(lines.slice(2)).toEqual([expect.stringMatching(/^inserted 2, updated 0, unchanged 0, skipped 0, invalid 2 in \d+\.\d s$/), '']);
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 4, inserted: 2, invalid: 2 });
      expect(result.code).toBe(0);
      const rows = await db.query<{ id: string }>("select id from video where id like 'q%' order by id");
      expect(rows.map((r) => r.id)).toEqual(['q1', 'q4']);
    });

    it('keeps keys, surrogate pairs and awkward strings that only look like duplicates', async () => {
      const records = [
        { id: 'ok1', path: '/a', title: '"id":"x", {"path": 1} \\" : , [ ] { }', description: 'clip 🎬 \ud83c\udfac' },
        { id: 'ok2', url: 'https://e.com/a:b', title: 'a\\', description: 'he said "path":"/x"' },
      ];
      const ndjson = records.map((r) => JSON.stringify(r)).join('\n');
      expect(await importing(['-'], ndjson)).toMatchObject({ code: 0, stdout: '' });
      const rows = await db.query<{ id: string; title: string; description: string }>("select id, title, description from video where id like 'ok%' order by id");
      expect(rows).toEqual(records.map(({ id, title, description }) => ({ id, title, description })));
    });

    it('reports a CSV record by the line it begins on (--skip-invalid, multi-line quoted fields)', async () => {
      const input = 'id,title,path\r\nl1,"one\r\ntwo\r\nthree",/p\r\nl2,"four\nfive",\r\nl3,x,/p,extra\r\n';
      const result = await importing(['-', '--format', 'csv', '--skip-invalid'], input);
      expect(result.stderr.split('\n').slice(0, 2)).toEqual(['invalid line 5: url: a video needs a url or a path', 'invalid line 7: record: invalid CSV: 4 fields where the header has 3']);
      expect(result.code).toBe(0);
    });

    it('refuses a directory with one usage line, and reads a character device as NDJSON', async () => {
      const folder = join(dir.path, 'folder.ndjson');
      mkdirSync(folder);
      const before = await snapshot(db);
      expect(await importing([folder])).toEqual({ code: 2, signal: null, stdout: '', stderr: `error: ${JSON.stringify(folder)} is a directory, not a file to read records from\n` });
      const empty = await importing(['/dev/null', '--report', 'json']);
      expect(empty.code, empty.stderr).toBe(0);
      expect(JSON.parse(empty.stdout)).toMatchObject({ records: 0, inserted: 0 });
      expect(await snapshot(db)).toEqual(before);
    });

    it('imports a regular file without a format extension only with --format', async () => {
      const file = join(dir.path, 'records');
      writeFileSync(file, '{"id":"plain","path":"/plain"}\n');
      expect((await importing([file])).stderr).toBe(`error: cannot tell the format of ${JSON.stringify(file)} from its extension; pass --format ndjson|csv|json\n`);
      expect((await importing([file, '--format', 'ndjson'])).code).toBe(0);
    });
  });
});
