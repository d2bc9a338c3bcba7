// Writers racing on one video, as real processes of the shipped CLI: the outcome is well defined.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { runCli } from '../../helpers/cli.js';

const ROUNDS = 12;

describe.each(BACKENDS)('racing writers on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runCli(['--db', db.spec, ...args]);

    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
    });
    afterAll(async () => db?.cleanup());

    it(`four \`video add --on-conflict ignore|update\` of one id at once all exit 0, leaving one video (${ROUNDS} rounds)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = `conflict-${round}`;
        const results = await Promise.all([
          cli('video', 'add', '--id', id, '--path', '/a.mp4', '--on-conflict', 'ignore'),
          cli('video', 'add', '--id', id, '--path', '/b.mp4', '--on-conflict', 'update'),
          cli('video', 'add', '--id', id, '--path', '/c.mp4', '--on-conflict', 'ignore'),
          cli('video', 'add', '--id', id, '--path', '/d.mp4', '--on-conflict', 'update'),
        ]);
        expect(results.map((r) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr.replace(/^video \S+ exists; (left unchanged|updated)\n$/, '') }))).toEqual(
          Array(4).fill({ code: 0, stdout: `${id}\n`, stderr: '' }),
        );
        const rows = await db.query<{ path: string }>('select v.path from video v join media m on m.id = v.id where v.id = ?', [id]);
        expect(rows).toHaveLength(1);
        // Whoever added it, the last update (if any came after) wins; the path is one of those given.
        expect(['/a.mp4', '/b.mp4', '/c.mp4', '/d.mp4']).toContain(rows[0].path);
      }
    }, 600_000);

    it(`\`video update --unset url\` and \`--unset path\` at once: one succeeds, the other exits 2, the video keeps a source (${ROUNDS} rounds)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = `skew-${round}`;
        expect((await cli('video', 'add', '--id', id, '--url', 'https://example.com/s.mp4', '--path', '/s.mp4')).code).toBe(0);
        const results = await Promise.all([cli('video', 'update', id, '--unset', 'url'), cli('video', 'update', id, '--unset', 'path')]);
        expect(results.map((r) => r.code).sort()).toEqual([0, 2]);
        expect(results.find((r) => r.code === 2)?.stderr).toBe('error: url: a video needs a url or a path\n');
        const [row] = await db.query<{ url: string | null; path: string | null }>('select url, path from video where id = ?', [id]);
        expect(row.url !== null || row.path !== null, JSON.stringify(row)).toBe(true);
        expect(row.url === null || row.path === null, JSON.stringify(row)).toBe(true);
      }
    }, 600_000);

    it('`video add --on-conflict update` on a stored video with a url changes only the given fields', async () => {
      expect((await cli('video', 'add', '--id', 'merge-cli', '--url', 'https://example.com/m.mp4', '--title', 'Old', '--description', 'Kept')).code).toBe(0);
      const result = await cli('video', 'add', '--id', 'merge-cli', '--title', 'New', '--on-conflict', 'update');
      expect(result).toMatchObject({ code: 0, stdout: 'merge-cli\n', stderr: 'video merge-cli exists; updated\n' });
      expect(await db.query('select url, path, title, description from video where id = ?', ['merge-cli'])).toEqual([
        { url: 'https://example.com/m.mp4', path: null, title: 'New', description: 'Kept' },
      ]);
      void kind;
    });
  });
});
