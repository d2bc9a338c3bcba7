import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { BIN, baseEnv, type CliResult, runCli } from '../helpers/cli.js';

/** Runs the shipped CLI through sh, each `<FF>` in an argument becoming the raw byte 0xFF (never UTF-8). */
function runWithRawBytes(args: string[]): Promise<CliResult> {
  const quoted = args.map((arg) => arg.split('<FF>').map((piece) => `'${piece.replace(/'/g, `'\\''`)}'`).join('"$FF"'));
  const script = `FF=$(printf '\\377'); exec "$0" "$1" ${quoted.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, process.execPath, BIN], { env: baseEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const REASON = 'the argument is not valid UTF-8; aana-store stores text as given, so it refuses what it cannot read';

describe.each(BACKENDS)('arguments that are not UTF-8 on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available || process.platform !== 'linux')(kind, () => {
    let db: Backend;
    beforeAll(async () => {
      db = await create();
      expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
    });
    afterAll(async () => db?.cleanup());

    it.each([
      [['video', 'add', '--path', '/v', '--title', 'f<FF>o'], '--title'],
      [['video', 'add', '--path', '/v', '--description=<FF>'], '--description'],
      [['video', 'add', '--path', '/v<FF>'], '--path'],
      [['video', 'search', 'cats', 'f<FF>o'], 'argument 6'],
    ])('%j is refused naming %s, and nothing is stored', async (args, name) => {
      expect(await runWithRawBytes(['--db', db.spec, ...args])).toEqual({ code: 2, signal: null, stdout: '', stderr: `error: ${name}: ${REASON}\n` });
      expect(await runCli(['--db', db.spec, 'video', 'count'])).toMatchObject({ code: 0, stdout: '0\n' });
    });

    it('a U+FFFD typed as such is text like any other', async () => {
      const add = await runWithRawBytes(['--db', db.spec, 'video', 'add', '--path', '/v', '--id', 'ok', '--title', 'f\uFFFDo']);
      expect(add).toEqual({ code: 0, signal: null, stdout: 'ok\n', stderr: '' });
      expect(JSON.parse((await runCli(['--db', db.spec, 'video', 'get', 'ok', '--format', 'json', '--fields', 'title'])).stdout)).toEqual({ title: 'f\uFFFDo' });
    });
  });
});
