import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkFormat } from '../../src/storage/bulk/formats.js';
import { parsedAhead } from '../../src/storage/bulk/parse-ahead.js';
import { type ChunkEvent, type ChunkOptions, type Parsing, rowChunks } from '../../src/storage/bulk/row-chunks.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/snapshot.js';

/** The parsing worker as `npm run build` ships it beside the bundle. */
const WORKER = pathToFileURL(resolve(import.meta.dirname, '../../dist/cli/parse-worker.js'));

type Piece = string | Buffer | Error;

/** A source giving `pieces` one by one (an Error fails it there), as a file or a pipe would. */
function source(pieces: readonly Piece[]): Readable {
  return Readable.from(
    (async function* () {
      for (const piece of pieces) {
        if (piece instanceof Error) throw piece;
        yield typeof piece === 'string' ? Buffer.from(piece) : piece;
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Every event in order, then how the read ended: errors as their class, message and line. With
 * `midBytes` false, a chunk's `bytes` (the progress bar's) is left out: the CSV parser's pipeline
 * reads ahead by as much as the stream before it offers, which differs between the two.
 */
async function outcome(events: AsyncIterable<ChunkEvent>, midBytes: boolean): Promise<unknown[]> {
  const seen: unknown[] = [];
  try {
    for await (const event of events) {
      if (event.kind === 'invalid') seen.push({ invalid: event.error.message, line: event.error.line });
      else if (event.kind === 'chunk' && !midBytes) seen.push({ ...event, bytes: undefined });
      else seen.push(event);
    }
    seen.push('done');
  } catch (error) {
    seen.push({ error: (error as Error).constructor.name, message: (error as Error).message, line: (error as { line?: number }).line });
  }
  return seen;
}

const record = (i: number, extra = '') => `{"id":"v${i}","url":"https://example.com/${i}.mp4","title":"video ${i}","created_at":"2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z"${extra}}\n`;
const records = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => record(from + k)).join('');

const cases: Array<{ name: string; format: BulkFormat; pieces: Piece[]; options?: Partial<ChunkOptions> }> = [
  { name: 'several chunks and a last short one', format: 'ndjson', pieces: [records(1, 2500), records(2501, 4100)] },
  { name: 'batches that end inside a chunk and on its last row', format: 'ndjson', pieces: [records(1, 4500)], options: { batchSize: 1000 } },
  { name: 'a record cut across two pieces of input', format: 'ndjson', pieces: [records(1, 10) + record(11).slice(0, 20), record(11).slice(20) + records(12, 20)] },
  { name: 'an invalid record stops the read at its line', format: 'ndjson', pieces: [records(1, 3000), '{"id":"bad","url":"ftp:/x"}\n', records(3002, 3100)] },
  {
    name: 'invalid records skipped in order, the rows around them kept',
    format: 'ndjson',
    pieces: [records(1, 2100), '{"id":"a b","url":"https://e.com/x"}\nnot json\n', records(2103, 2300), '{"id":"x","path":"/x","path":"/y"}\n'],
    options: { skipInvalid: true, batchSize: 700 },
  },
  { name: 'bytes that are not UTF-8 stop the read at their line', format: 'ndjson', pieces: [records(1, 2050), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), records(2052, 2060)] },
  { name: 'a source that fails after some records', format: 'ndjson', pieces: [records(1, 2500), records(2501, 2600).slice(0, 50), new Error('EIO: the disk is gone')] },
  { name: 'a CSV file', format: 'csv', pieces: ['id,path,title\n', Array.from({ length: 2100 }, (_, i) => `c${i},/c/${i},"title, ${i}"\n`).join(''), 'c,/c\n'], options: { skipInvalid: true } },
  { name: 'a JSON array', format: 'json', pieces: ['[', records(1, 2100).trim().split('\n').join(',\n'), ',\n]'] },
  { name: 'an empty input', format: 'ndjson', pieces: [] },
];

describe('video import parsed ahead by the worker thread (dist/cli/parse-worker.js)', () => {
  it('is built beside the bundle, where the importer looks for it', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it.each(cases)('gives what the main thread gives: $name', async ({ format, pieces, options }) => {
    for (const encoding of [undefined, 'sqlite'] as const) {
      const chunkOptions: ChunkOptions = { format, skipInvalid: false, chunkSize: 2000, batchSize: Number.POSITIVE_INFINITY, encoding, ...options };
      const here = await outcome(rowChunks(source(pieces), chunkOptions), format !== 'csv');
      const ahead = parsedAhead(source(pieces), chunkOptions, WORKER);
      expect(ahead).toBeDefined();
      // Import-generated ids (records without one) differ by nature; every case here gives ids.
      expect(await outcome((ahead as Parsing).events, format !== 'csv')).toEqual(here);
    }
  });
});

describe.each(BACKENDS)('video import of many chunks through the shipped CLI on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    const file = (name: string, text: string) => {
      const path = join(dir.path, name);
      writeFileSync(path, text);
      return path;
    };
    beforeAll(async () => {
      db = await create();
      expect((await runCli(['--db', db.spec, 'init', '-q'])).code).toBe(0);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    it('names the line of a record far into the input, and of an id repeated chunks later; writes nothing', async () => {
      const before = await snapshot(db);
      const invalid = await runCli(['--db', db.spec, 'video', 'import', file('invalid.ndjson', `${records(1, 6999)}{"id":"v7000","url":"no-scheme"}\n${records(7001, 7500)}`)]);
      expect(invalid).toMatchObject({ code: 2, stdout: '', stderr: 'error: line 7000: url: "no-scheme" is not an absolute URL (scheme://…)\n' });
      const repeated = await runCli(['--db', db.spec, 'video', 'import', file('repeated.ndjson', `${records(1, 6999)}${record(3)}`)]);
      expect(repeated).toMatchObject({ code: 4, stdout: '', stderr: 'error: line 7000: id: media already exists: "v3"\n' });
      expect(await snapshot(db)).toEqual(before);
    });

    it('reads stdin with --skip-invalid and --batch-size: every valid record written, each invalid one reported in order', async () => {
      const input = `${records(1, 2999)}not json\n${records(3001, 4999)}{"id":"v5000"}\n${records(5001, 6000)}`;
      const result = await runCli(['--db', db.spec, 'video', 'import', '-', '--skip-invalid', '--batch-size', '1000', '--report', 'json'], { input });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^invalid line 3000: record: invalid JSON: .*\ninvalid line 5000: url: a video needs a url or a path\ninserted 5998, updated 0, unchanged 0, skipped 0, invalid 2 in \d+\.\d s\n$/);
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 6000, inserted: 5998, invalid: 2, bytes: Buffer.byteLength(input) });
      const [{ n }] = await db.query<{ n: number | string }>("select count(*) as n from video where id like 'v%'");
      expect(Number(n)).toBe(5998);
    });
  });
});
