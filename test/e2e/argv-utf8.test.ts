import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { BIN, type CliResult, runCli, startProcess } from '../helpers/cli.js';

/** Runs the shipped CLI through sh, each `<FF>` in an argument becoming the raw byte 0xFF (never UTF-8). */
function runWithRawBytes(args: string[]): Promise<CliResult> {
  const quoted = args.map((arg) => arg.split('<FF>').map((piece) => `'${piece.replace(/'/g, `'\\''`)}'`).join('"$FF"'));
  const script = `FF=$(printf '\\377'); exec "$0" "$1" ${quoted.join(' ')}`;
  const { child, exited } = startProcess('sh', ['-c', script, process.execPath, BIN]);
  child.stdin.end();
  return exited;
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
      expect(await db.query('select id from media')).toEqual([]);
    });

    it('a U+FFFD typed as such is text like any other', async () => {
      const add = await runWithRawBytes(['--db', db.spec, 'video', 'add', '--path', '/v', '--id', 'ok', '--title', 'f\uFFFDo']);
      expect(add).toEqual({ code: 0, signal: null, stdout: 'ok\n', stderr: '' });
      expect(await db.query("select title from video where id = 'ok'")).toEqual([{ title: 'f\uFFFDo' }]);
    });
  });
});
