import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { BIN, baseEnv, runCli } from '../../helpers/cli.js';

const line = (i: number) => `${JSON.stringify({ id: `c${i}`, url: `https://example.com/${i}.mp4`, title: `Crash ${i}`, description: 'x'.repeat(100) })}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k)).join('');
const TOTAL = 20_000;

/** Starts an import that reads stdin, and hands back the child with a way to feed it. */
function startImport(spec: string, args: string[]) {
  const child = spawn(process.execPath, [BIN, '--db', spec, 'video', 'import', '-', ...args], { env: baseEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stdin.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(BACKENDS)('crashes on $kind lose nothing committed and leave nothing half-written', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend | undefined;
    afterEach(async () => db?.cleanup());
    const fresh = async () => {
      db = await create();
      expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
      return db;
    };
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
      await waitFor(async () => (await counts(target)).media >= 3000);
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
      run.child.stdin.write(lines(0, TOTAL / 2));
      // Give it time to write most of what it was given inside its transaction.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      expect(await assertIntact(target)).toBe(0);
    });

    it('SIGINT rolls back the open transaction, prints one line and exits 130', async () => {
      const target = await fresh();
      const run = startImport(target.spec, []);
      // More than a pipe holds: 'drain' means the import is reading, inside its transaction.
      if (!run.child.stdin.write(lines(0, 5000))) await new Promise((resolve) => run.child.stdin.once('drain', resolve));
      run.child.kill('SIGINT');
      const exit = await run.exited;
      expect(exit.code).toBe(130);
      expect(run.output()).toEqual({ stdout: '', stderr: 'error: interrupted; the open transaction was rolled back\n' });
      expect(await assertIntact(target)).toBe(0);
    });
  });
});
