import { execFileSync, spawn } from 'node:child_process';
import { constants, openSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { baseEnv, BIN, runCli, tempDir } from '../helpers/cli.js';
import { plain, spawnPty } from '../helpers/pty.js';

/** The shipped binary on a real pseudo-terminal, as a person at a terminal runs it. */
const dir = tempDir();
afterAll(() => dir.cleanup());

/** A terminal that can show colour: TERM set, NO_COLOR not. */
function terminalEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NO_COLOR: _, ...env } = baseEnv({ TERM: 'xterm-256color' });
  return { ...env, ...extra };
}

const ESC = '\u001b[';
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${JSON.stringify({ id: `n${from + i}`, path: `/big/${from + i}.mp4`, title: `Video ${from + i}` })}\n`).join('');

/** Writes to a named pipe: opened read-write so opening never blocks, non-blocking so a reader that never comes cannot hang the test. */
function fifoWriter(path: string): Socket {
  execFileSync('mkfifo', [path]);
  return new Socket({ fd: openSync(path, constants.O_RDWR | constants.O_NONBLOCK), readable: false, writable: true });
}

describe.each(BACKENDS)('on a terminal, $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const onTty = (args: string[], env: NodeJS.ProcessEnv = terminalEnv()) => spawnPty([process.execPath, BIN, '--db', db.spec, ...args], { env });
    const count = async () => Number((await db.query<{ n: number | string }>('select count(*) as n from video'))[0].n);

    beforeAll(async () => {
      db = await create();
      expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
      // The rows the reading tests use, imported off the terminal, so they do not hang on the import test.
      expect((await runCli(['--db', db.spec, 'video', 'import', '-'], { input: lines(0, 3) })).code).toBe(0);
    });
    afterAll(async () => db?.cleanup());

    it('video import of a small file draws its progress and ends with the summary', async () => {
      const file = join(dir.path, `small-${kind}.ndjson`);
      writeFileSync(file, lines(100, 103));
      const { code, output } = await onTty(['video', 'import', file]).exited;
      expect(plain(output)).not.toMatch(/error|TypeError|Cannot read/);
      expect(plain(output)).toMatch(/inserted 3, updated 0, unchanged 0, skipped 0, invalid 0 in /);
      expect(code).toBe(0);
      expect(await count()).toBe(6);
      await db.query("delete from video where id like 'n10_'");
      await db.query("delete from media where id like 'n10_'");
    });

    it('video list draws a table with a header and every video; video get prints key: value lines', async () => {
      const list = await onTty(['video', 'list']).exited;
      expect(list.code).toBe(0);
      const table = plain(list.output).split('\n').filter(Boolean);
      expect(table[0]).toMatch(/^id\s+url\s+path\s+title/);
      expect(table.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['n0', 'n1', 'n2']);
      const get = await onTty(['video', 'get', 'n1']).exited;
      expect(get.code).toBe(0);
      expect(plain(get.output)).toMatch(/^id: +n1\npath: +\/big\/1\.mp4\n|^id: +n1\n(.*\n)*path: +\/big\/1\.mp4\n/m);
      expect(plain(get.output)).toMatch(/^title: +Video 1$/m);
    });

    it('colours a terminal, and not with NO_COLOR or --no-color', async () => {
      expect((await onTty(['video', 'list']).exited).output).toContain(ESC);
      for (const run of [onTty(['video', 'list'], terminalEnv({ NO_COLOR: '1' })), onTty(['--no-color', 'video', 'list']), onTty(['--no-color', 'video', 'get', 'nope'])]) {
        const { output } = await run.exited;
        expect(output).not.toContain(ESC);
      }
    });

    it('delete asks at a terminal: n keeps the videos, y deletes them', async () => {
      const no = onTty(['video', 'delete', 'n0', 'n1']);
      await no.waitFor(/Delete 2 videos\? \[y\/N\] $/);
      no.type('n\r');
      const kept = await no.exited;
      expect(plain(kept.output)).toContain('error: cancelled; nothing deleted');
      expect(kept.code).toBe(1);
      expect(await count()).toBe(3);
      const yes = onTty(['video', 'delete', 'n0', 'n1']);
      await yes.waitFor(/Delete 2 videos\? \[y\/N\] $/);
      yes.type('y\r');
      const gone = await yes.exited;
      expect(plain(gone.output)).toContain('Deleted 2 videos');
      expect(gone.code).toBe(0);
      expect(await count()).toBe(1);
    });

    /** An import that reads from a pipe kept open, so it is still inside its transaction when the signal comes. */
    async function longImport(name: string) {
      const fifo = join(dir.path, `${name}-${kind}.ndjson`);
      const before = await count();
      // stdin is the pipe (`- < fifo`); stdout and stderr stay on the terminal, which Ctrl-C is typed at.
      const command = [process.execPath, BIN, '--db', db.spec, 'video', 'import', '-'].map((arg) => `'${arg}'`).join(' ');
      const writer = fifoWriter(fifo);
      const run = spawnPty(['sh', '-c', `exec ${command} < '${fifo}'`], { env: terminalEnv() });
      // More than a pipe holds: once it is all written, the import is reading, inside its transaction.
      const written = new Promise<void>((resolve, reject) => writer.write(lines(1000, 6000), (error) => (error ? reject(error) : resolve())));
      const died = run.exited.then(({ code, output }) => {
        throw new Error(`the import ended (exit ${code}) before it read its input:\n${plain(output)}`);
      });
      try {
        await Promise.race([written, died]);
      } catch (error) {
        writer.destroy();
        throw error;
      }
      died.catch(() => undefined);
      return { run, before, close: () => writer.destroy() };
    }

    it('Ctrl-C during a long import rolls it back and exits 130', async () => {
      const { run, before, close } = await longImport('ctrl-c');
      run.type('\u0003');
      const { code, output } = await run.exited;
      close();
      expect(plain(output)).toMatch(/error: interrupted; the open transaction was rolled back\n/);
      expect(code).toBe(130);
      expect(await count()).toBe(before);
    });

    it('imports from a named pipe, as `video import <(zcat catalog.ndjson.gz)` gives it', async () => {
      const fifo = join(dir.path, `named-${kind}.ndjson`);
      execFileSync('mkfifo', [fifo]);
      // A writer that opens the pipe write-only, as the shell's `<(…)` does: the open waits for the reader,
      // so the lines cannot be written and dropped before the import opens the pipe.
      const writer = spawn('sh', ['-c', 'cat > "$1"', 'sh', fifo], { stdio: ['pipe', 'ignore', 'inherit'] });
      writer.stdin.end(lines(200, 202));
      const result = await runCli(['--db', db.spec, 'video', 'import', fifo]);
      writer.kill();
      expect(result.stderr).toMatch(/^inserted 2, updated 0, unchanged 0, skipped 0, invalid 0 in /);
      expect(result.code).toBe(0);
      await db.query("delete from video where id like 'n20_'");
      await db.query("delete from media where id like 'n20_'");
    });

    it('SIGTERM during a long import rolls it back and exits 143', async () => {
      const { run, before, close } = await longImport('sigterm');
      run.signal('SIGTERM');
      const { code, output } = await run.exited;
      close();
      expect(plain(output)).toMatch(/error: .*(terminated|interrupted).*rolled back\n/);
      expect(code).toBe(143);
      expect(await count()).toBe(before);
    });
  });
});
