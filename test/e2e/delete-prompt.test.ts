// `video delete` in a pipeline and at a terminal: a real pseudo-terminal (util-linux `script`), the shipped binary.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { BIN, baseEnv, runCli } from '../helpers/cli.js';

/** Runs `shellCommand` on a pseudo-terminal; answers `answer` once `prompt` shows (or at once, typed ahead, when `prompt` is null). */
function onTerminal(shellCommand: string, answer: string, prompt: string | null): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', shellCommand, '/dev/null'], { env: baseEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let sent = false;
    const send = () => {
      sent = true;
      child.stdin.write(answer);
    };
    if (prompt === null) send();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!sent && prompt !== null && output.includes(prompt)) send();
    });
    child.on('error', reject);
    // As seen on the screen: cursor movements (readline redraws the prompt line) and carriage
    // returns before a newline change nothing there.
    child.on('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r+\n/g, '\n') }));
  });
}

describe.each(BACKENDS)('video delete on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runCli(['--db', db.spec, ...args]);
    const del = (...ids: string[]) => `node ${BIN} --db '${db.spec}' video delete ${ids.join(' ')}`;
    const count = async () => Number((await db.query<{ n: number | string }>('select count(*) as n from video'))[0].n);

    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
      for (const id of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) expect((await cli('video', 'add', '--id', id, '--path', `/${id}.mp4`)).code).toBe(0);
    });
    afterAll(async () => db?.cleanup());

    it('an empty list from a pipeline exits 0 with a note on stderr (none with -q)', async () => {
      const ids = await cli('video', 'list', '--title', 'no such title', '--format', 'ids');
      expect(ids).toMatchObject({ code: 0, stdout: '' });
      expect(await runCli(['--db', db.spec, 'video', 'delete', '-'], { input: ids.stdout })).toEqual({ code: 0, signal: null, stdout: '', stderr: 'No ids to delete; nothing deleted\n' });
      expect(await runCli(['--db', db.spec, '-q', 'video', 'delete', '-'], { input: '\n' })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
      expect(await count()).toBe(6);
    });

    it('answering y at the prompt: the answer ends its line and the message starts a new one', async () => {
      const result = await onTerminal(del('p1', 'p2'), 'y\r', '[y/N] ');
      expect(result.code).toBe(0);
      expect(result.output).toBe('Delete 2 videos? [y/N] y\nDeleted 2 videos\n');
      expect(await count()).toBe(4);
    });

    it('with a terminal that does not echo (stty -echo), the prompt still ends its line', async () => {
      const result = await onTerminal(`stty -echo; ${del('p3', 'p4')}`, 'y\r', '[y/N] ');
      expect(result.code).toBe(0);
      expect(result.output).toBe('Delete 2 videos? [y/N] y\nDeleted 2 videos\n');
      expect(await count()).toBe(2);
    });

    it('declining exits 1 with `error: cancelled; nothing deleted` on a line of its own', async () => {
      const result = await onTerminal(`stty -echo; ${del('p5', 'p6')}`, 'n\r', '[y/N] ');
      expect(result.code).toBe(1);
      expect(result.output).toBe('Delete 2 videos? [y/N] n\nerror: cancelled; nothing deleted\n');
      const eof = await onTerminal(`stty -echo; ${del('p5', 'p6')}`, '\x04', '[y/N] ');
      expect(eof.code).toBe(1);
      expect(eof.output).toBe('Delete 2 videos? [y/N] \nerror: cancelled; nothing deleted\n');
      expect(await count()).toBe(2);
    });
  });
});
