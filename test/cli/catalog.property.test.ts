import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { apply, argv, type Catalog, command, type Command, expectedLines, exportedLines, FIELDS, type Video } from '../helpers/catalog-model.js';
import { runInProcess } from '../helpers/run.js';

/**
 * Random sequences of writing commands, on both databases, against a model of the documented
 * semantics. After each sequence every read format must work, the export must equal the model byte
 * for byte, and both databases must hold the same catalog.
 */
const RUNS = Number(process.env.AANA_STORE_PROPERTY_RUNS ?? 25);
const available = BACKENDS.filter((b) => b.available);

const LIST_FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv', 'ids'] as const;
const GET_FORMATS = ['text', 'json', 'table', 'ndjson', 'csv', 'tsv', 'ids'] as const;
const CHECKS = [...LIST_FORMATS.map((f) => `list:${f}`), ...GET_FORMATS.map((f) => `get:${f}`), 'reimport'];
type Check = (typeof CHECKS)[number];

/** CSV/TSV cells back to values: an unquoted empty cell is null. */
function parseDelimited(output: string, delimiter: string): Record<string, string | null>[] {
  return parse<Record<string, string | null>>(output, { columns: true, delimiter, cast: (value, context) => (value === '' && !context.quoting ? null : value) });
}

function withoutTimestamps(record: Record<string, unknown>): Video {
  return { id: record.id as string, url: record.url as string | null, path: record.path as string | null, title: record.title as string | null, description: record.description as string | null };
}

const byId = (a: Video, b: Video) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe.skipIf(available.length === 0)('random command sequences keep the catalog the model says', () => {
  const dbs: Backend[] = [];
  const cli = (db: Backend, args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });

  beforeAll(async () => {
    for (const backend of available) {
      const db = await backend.create();
      expect(await cli(db, ['init'])).toMatchObject({ code: 0 });
      dbs.push(db);
    }
  });
  afterAll(async () => {
    for (const db of dbs) await db.cleanup();
  });

  async function runSequence(db: Backend, commands: Command[]): Promise<Catalog> {
    await db.query('delete from video');
    await db.query('delete from media');
    const model: Catalog = new Map();
    for (const [step, cmd] of commands.entries()) {
      const expected = apply(model, cmd);
      const { args, input } = argv(cmd);
      const result = await cli(db, args, input);
      const where = `${db.kind} step ${step}: aana-store ${JSON.stringify(args)}${input === undefined ? '' : ` <<< ${JSON.stringify(input)}`}\n${result.stderr}`;
      expect(result.code, where).toBe(expected);
      if (expected === 0 && (cmd.kind === 'add' || cmd.kind === 'update')) expect(result.stdout, where).toBe(`${args[2] === '--id' ? args[3] : args[2]}\n`);
      if (expected !== 0) {
        expect(result.stdout, where).toBe('');
        expect(result.stderr, where).toMatch(/^error: [^\n]+\n$/);
      }
    }
    return model;
  }

  /** The export must equal the model; `checks` picks which other reads this run makes (all are covered across runs). */
  async function checkReads(db: Backend, model: Catalog, checks: Check[]): Promise<string[]> {
    const videos = [...model.values()].sort(byId);
    const exported = await cli(db, ['video', 'export', '--format', 'ndjson']);
    expect(exported.code, `${db.kind}: ${exported.stderr}`).toBe(0);
    const lines = exportedLines(exported.stdout);
    expect(lines, db.kind).toEqual(expectedLines(model));
    for (const check of checks) {
      const [kind, format] = check.split(':') as ['list' | 'get' | 'reimport', string];
      if (kind === 'list') {
        const listed = await cli(db, ['video', 'list', '--format', format]);
        expect({ format, code: listed.code, stderr: listed.stderr }).toEqual({ format, code: 0, stderr: '' });
        const out = listed.stdout;
        if (format === 'json') expect((JSON.parse(out) as Record<string, unknown>[]).map(withoutTimestamps).sort(byId)).toEqual(videos);
        if (format === 'ndjson') expect(exportedLines(out)).toEqual(lines);
        if (format === 'csv' || format === 'tsv') expect(parseDelimited(out, format === 'csv' ? ',' : '\t').map(withoutTimestamps).sort(byId), format).toEqual(videos);
        if (format === 'ids') expect(out.split('\n').filter(Boolean).sort()).toEqual(videos.map((v) => v.id));
        if (format === 'table') for (const video of videos) expect(out).toContain(video.id);
      }
      for (const video of kind === 'get' ? videos : []) {
        const got = await cli(db, ['video', 'get', video.id, '--format', format]);
        expect({ format, code: got.code, stderr: got.stderr }).toEqual({ format, code: 0, stderr: '' });
        if (format === 'json') expect(withoutTimestamps(JSON.parse(got.stdout) as Record<string, unknown>)).toEqual(video);
        if (format === 'csv' || format === 'tsv') expect(parseDelimited(got.stdout, format === 'csv' ? ',' : '\t').map(withoutTimestamps)).toEqual([video]);
        if (format === 'text') for (const field of FIELDS) expect(got.stdout).toMatch(new RegExp(`^${field}:`, 'm'));
      }
      if (kind === 'reimport') {
        // What export wrote imports again, unchanged, into an emptied catalog.
        await db.query('delete from video');
        await db.query('delete from media');
        const reimported = await cli(db, ['video', 'import', '-'], exported.stdout);
        expect(reimported.code, reimported.stderr).toBe(0);
        const again = await cli(db, ['video', 'export']);
        expect(again.stdout).toBe(exported.stdout);
      }
    }
    return lines;
  }

  it(`${RUNS} random sequences of add / import / update / delete`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 5 }), fc.shuffledSubarray(CHECKS, { minLength: 1, maxLength: 3 }), async (commands, checks) => {
        const catalogs: string[][] = [];
        for (const db of dbs) catalogs.push(await checkReads(db, await runSequence(db, commands), checks));
        for (const catalog of catalogs.slice(1)) expect(catalog).toEqual(catalogs[0]);
      }),
      // A failure on a slow machine still ends in bounded time, with the counterexample shrunk so far.
      { numRuns: RUNS, interruptAfterTimeLimit: 150_000 },
    );
  }, 300_000);
});
