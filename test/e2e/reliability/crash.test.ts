import { describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { runCli, type Started, startCli } from '../../helpers/cli.js';
import { useFreshCatalog } from '../../helpers/catalog.js';
import { eventually } from '../../helpers/wait.js';

const line = (i: number) => `${JSON.stringify({ id: `c${i}`, url: `https://example.com/${i}.mp4`, title: `Crash ${i}`, description: 'x'.repeat(100) })}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k)).join('');
const TOTAL = 20_000;

const startImport = (spec: string, args: string[]) => startCli(['--db', spec, 'video', 'import', '-', ...args]);

/** Writes more than a pipe holds to the import's stdin: 'drain' means it has read it (or it ended). */
async function feed({ child, exited }: Started, text: string): Promise<void> {
  if (!child.stdin.write(text)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
}

describe.each(BACKENDS)('crashes on $kind lose nothing committed and leave nothing half-written', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const fresh = useFreshCatalog(create);
    const counts = async (target: Backend) => {
      const [row] = await target.query<{ media: number | string; video: number | string }>('select (select count(*) from media) as media, (select count(*) from video) as video');
      return { media: Number(row.media), video: Number(row.video) };
    };
    const assertIntact = async (target: Backend) => {
      if (target.kind === 'sqlite') {
        expect(await target.query('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(await target.query('pragma foreign_key_check')).toEqual([]);
      }
      const { media, video } = await counts(target);
      expect(media).toBe(video);
      return media;
    };

    it('SIGKILL half-way through a batched import keeps exactly the committed batches; a rerun with --on-conflict skip completes the set', async () => {
      const target = await fresh();
      const run = startImport(target.spec, ['--batch-size', '1000']);
      run.child.stdin.write(lines(0, TOTAL / 2));
      await eventually(async () => (await counts(target)).media >= 3000, { everyMs: 50 });
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      const kept = await assertIntact(target);
      expect(kept % 1000).toBe(0);
      expect(kept).toBeGreaterThanOrEqual(3000);
      expect(kept).toBeLessThanOrEqual(TOTAL / 2);
      const rerun = await runCli(['--db', target.spec, 'video', 'import', '-', '--on-conflict', 'skip'], { input: lines(0, TOTAL) });
      expect(rerun.code).toBe(0);
      expect(rerun.stderr).toMatch(new RegExp(`^inserted ${TOTAL - kept}, updated 0, unchanged 0, skipped ${kept}, invalid 0 in `));
      expect(await assertIntact(target)).toBe(TOTAL);
    });

    it('SIGKILL during a single-transaction import leaves none of its rows', async () => {
      const target = await fresh();
      const run = startImport(target.spec, []);
      // Once the second half has drained, the import has read and written the first inside its
      // one transaction.
      await feed(run, lines(0, TOTAL / 2));
      await feed(run, lines(TOTAL / 2, TOTAL));
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      expect(await assertIntact(target)).toBe(0);
    });

    it('SIGINT rolls back the open transaction, prints one line and exits 130', async () => {
      const target = await fresh();
      const run = startImport(target.spec, []);
      await feed(run, lines(0, 5000));
      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null, stdout: '', stderr: 'error: interrupted; the open transaction was rolled back\n' });
      expect(await assertIntact(target)).toBe(0);
    });
  });
});
