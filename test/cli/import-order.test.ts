import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { runInProcess } from '../helpers/run.js';

const ndjson = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** `--batch-size` values that put repeated ids in the same batch (none), in separate ones (1) and both (2). */
const BATCHES = [[], ['--batch-size', '1'], ['--batch-size', '2']].map((batch) => ({ batch, name: batch.join(' ') || 'one batch' }));

describe.each(BACKENDS)('video import applies records in file order on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const db = useCatalog(create, { emptyEach: true });
    const cli = (args: string[], input?: string) => runInProcess(['--db', db().spec, ...args], { input });
    const get = async (id: string) => {
      const result = await cli(['video', 'get', id, '--format', 'json']);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, string | null>;
    };
    /** The whole catalog still reads: list and export succeed and agree. */
    const expectReadable = async (ids: string[]) => {
      const list = await cli(['video', 'list', '--format', 'ndjson']);
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
      const exported = await cli(['video', 'export']);
      expect(exported).toMatchObject({ code: 0, stdout: list.stdout });
      const records = list.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
      expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
      for (const record of records) {
        expect(record.created_at).toMatch(ISO);
        expect(record.updated_at).toMatch(ISO);
      }
    };

    it.each(BATCHES)('--on-conflict update: the last record of a repeated id wins ($name)', async ({ batch }) => {
      const seeded = await cli(['video', 'import'], ndjson([{ id: 'old', path: '/old', title: 'stored', created_at: '2020-01-01T00:00:00.000Z' }]));
      expect(seeded.code, seeded.stderr).toBe(0);
      const input = ndjson([
        { id: 'x', path: '/x1', title: 'one', created_at: '2021-01-01T00:00:00.000Z', updated_at: '2021-01-02T00:00:00.000Z' },
        { id: 'old', path: '/old2', title: 'second' },
        { id: 'x', path: '/x2', title: 'two' },
        { id: 'y', url: 'https://e.com/y', title: 'y one' },
        { id: 'x', url: 'https://e.com/x3', title: 'three', updated_at: '2022-03-03T00:00:00.000Z' },
        { id: 'old', path: '/old3', title: 'third', created_at: '2019-09-09T00:00:00.000Z' },
        { id: 'y', url: 'https://e.com/y', title: 'y two' },
      ]);
      const result = await cli(['video', 'import', '--on-conflict', 'update', '--report', 'json', ...batch], input);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 7, inserted: 2, updated: 5, unchanged: 0, skipped: 0, invalid: 0 });
      expect(await get('x')).toMatchObject({ url: 'https://e.com/x3', path: null, title: 'three', created_at: '2021-01-01T00:00:00.000Z', updated_at: '2022-03-03T00:00:00.000Z' });
      expect(await get('old')).toMatchObject({ path: '/old3', title: 'third', created_at: '2019-09-09T00:00:00.000Z' });
      const y = await get('y');
      expect(y).toMatchObject({ title: 'y two' });
      expect(y.created_at).toMatch(ISO);
      await expectReadable(['old', 'x', 'y']);
    });

    it.each(BATCHES)('--on-conflict skip: the first record of a repeated id wins ($name)', async ({ batch }) => {
      const input = ndjson([
        { id: 's', path: '/s1', title: 'first' },
        { id: 't', path: '/t1' },
        { id: 's', path: '/s2', title: 'second', created_at: '2001-01-01T00:00:00.000Z' },
        { id: 's', path: '/s3', title: 'third' },
      ]);
      const result = await cli(['video', 'import', '--on-conflict', 'skip', '--report', 'json', ...batch], input);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 4, inserted: 2, updated: 0, unchanged: 0, skipped: 2 });
      const s = await get('s');
      expect(s).toMatchObject({ path: '/s1', title: 'first' });
      expect(s.created_at).not.toBe('2001-01-01T00:00:00.000Z');
      await expectReadable(['s', 't']);
    });

    it.each(BATCHES)('--on-conflict error: a repeated id stops the import at its second line ($name)', async ({ batch }) => {
      const result = await cli(['video', 'import', ...batch], ndjson([{ id: 'e1', path: '/1' }, { id: 'e2', path: '/2' }, { id: 'e1', path: '/3' }]));
      expect(result).toMatchObject({ code: 4, stdout: '', stderr: 'error: line 3: id: media already exists: "e1"\n' });
    });
  });
});
