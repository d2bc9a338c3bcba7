import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { runInProcess } from '../helpers/run.js';

const ndjson = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
const videos = (n: number, title = 'title') =>
  Array.from({ length: n }, (_, i) => ({ id: `v${i}`, url: `https://e.com/${i}.mp4`, title: `${title} ${i}`, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-02T00:00:00.000Z' }));
const SUMMARY = /^inserted (\d+), updated (\d+), unchanged (\d+), skipped (\d+), invalid (\d+) in \d+\.\d s$/;

describe.each(BACKENDS)('the words of the import summary on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const db = useCatalog(create, { emptyEach: true });
    const cli = (args: string[], input?: string) => runInProcess(['--db', db().spec, ...args], { input });
    const importing = async (args: string[], input: string) => {
      const result = await cli(['video', 'import', '--report', 'json', ...args], input);
      expect(result.code, result.stderr).toBe(0);
      const summary = result.stderr.trimEnd().split('\n').at(-1) ?? '';
      expect(summary).toMatch(SUMMARY);
      const [, inserted, updated, unchanged, skipped, invalid] = (SUMMARY.exec(summary) ?? []).map(Number);
      const report = JSON.parse(result.stdout) as Record<string, number>;
      // The line and the report say the same.
      expect(report).toMatchObject({ inserted, updated, unchanged, skipped, invalid });
      expect(Object.keys(report)).toEqual(['records', 'inserted', 'updated', 'unchanged', 'skipped', 'invalid', 'bytes', 'seconds']);
      expect(report.records).toBe(inserted + updated + unchanged + skipped + invalid);
      return { report, stderr: result.stderr };
    };

    it('rejected lines are invalid, not skipped', async () => {
      const input = ['{"id":"g1","url":"https://e.com/1"}', '{"id":"bad id","url":"https://e.com/2"}', 'not json', '{"id":"g2","path":"/p"}', '{"id":"g3"}'].join('\n');
      const { report, stderr } = await importing(['--skip-invalid'], input);
      expect(report).toMatchObject({ records: 5, inserted: 2, updated: 0, unchanged: 0, skipped: 0, invalid: 3 });
      const lines = stderr.trimEnd().split('\n');
      expect(lines[0]).toBe('invalid line 2: id: "bad id" may contain only letters, digits, "_" and "-"');
      expect(lines[1]).toMatch(/^invalid line 3: record: invalid JSON: /);
      expect(lines[2]).toBe('invalid line 5: url: a video needs a url or a path');
      expect(lines).toHaveLength(4);
    });

    it('updated counts only videos that changed; the same records again are unchanged and keep updated_at', async () => {
      expect((await importing([], ndjson(videos(5)))).report).toMatchObject({ inserted: 5, updated: 0, unchanged: 0 });
      const again = await importing(['--on-conflict', 'update'], ndjson(videos(5)));
      expect(again.report).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, skipped: 0 });
      // Without updated_at, an unchanged record does not move it either.
      const bare = videos(5).map(({ id, url, title }) => ({ id, url, title }));
      expect((await importing(['--on-conflict', 'update'], ndjson(bare))).report).toMatchObject({ updated: 0, unchanged: 5 });
      const list = await cli(['video', 'list', '--format', 'ndjson', '--fields', 'updated_at']);
      expect(new Set(list.stdout.trimEnd().split('\n'))).toEqual(new Set(['{"updated_at":"2024-01-02T00:00:00.000Z"}']));

      const changed = videos(6);
      changed[1].title = 'changed';
      changed[3].updated_at = '2025-05-05T00:00:00.000Z';
      const mixed = await importing(['--on-conflict', 'update'], ndjson(changed));
      expect(mixed.report).toMatchObject({ inserted: 1, updated: 2, unchanged: 3, skipped: 0 });
      const skip = await importing(['--on-conflict', 'skip'], ndjson(videos(7)));
      expect(skip.report).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, skipped: 6 });
    });
  });
});

describe('one --on-conflict vocabulary for video add and video import', () => {
  it.each([['add'], ['import']])('video %s --help shows the canonical words', async (command) => {
    const help = await runInProcess(['video', command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--on-conflict <mode> when the id is already stored: error fails (exit 4), skip keeps the stored video (alias: ignore), update changes it (choices: "error", "skip", "update", default: "error")',
    );
  });

  it.each([['add'], ['import']])('video %s refuses an unknown word, naming the canonical ones', async (command) => {
    const result = await runInProcess(['video', command, '--on-conflict', 'merge']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('error: --on-conflict: unknown mode "merge" (one of error, skip, update)\n');
  });
});

describe.each(BACKENDS)('skip and its alias ignore on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const db = useCatalog(create);
    const cli = (args: string[], input?: string) => runInProcess(['--db', db().spec, ...args], { input });

    it.each([['skip'], ['ignore']])('video add and video import accept --on-conflict %s and keep the stored video', async (word) => {
      const id = `k-${word}`;
      expect((await cli(['video', 'add', '--id', id, '--path', '/first'])).code).toBe(0);
      const add = await cli(['video', 'add', '--id', id, '--path', '/second', '--on-conflict', word]);
      expect(add).toMatchObject({ code: 0, stdout: `${id}\n`, stderr: `video ${id} exists; left unchanged\n` });
      const imported = await cli(['video', 'import', '--on-conflict', word, '--report', 'json'], ndjson([{ id, path: '/third' }]));
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 0, skipped: 1 });
      expect(await db().query('select path from video where id = ?', [id])).toEqual([{ path: '/first' }]);
    });
  });
});
