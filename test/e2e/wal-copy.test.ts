import { copyFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../src/storage/sqlite-pragmas.js';
import { BIN, runCli, runNode, tempDir } from '../helpers/cli.js';
import { openSqlite } from '../helpers/sqlite.js';

// SQLite only: PostgreSQL has no file to copy (no test there rather than a skipped one).
describe('SQLite: what a command wrote is in the database file when it exits', () => {
  const dir = tempDir('aana-store-wal-');
  afterAll(() => dir.cleanup());

  it('a copy of the .db file alone, taken after each writing command, holds what it wrote', async () => {
    const db = join(dir.path, 'catalog.db');
    const copy = join(dir.path, 'copy.db');
    expect((await runCli(['--db', db, 'init'])).code).toBe(0);
    // A young generation larger than a command allocates: no garbage collection runs, so libsql
    // never finalises the statements and closing the connection cannot checkpoint the log itself.
    const cli = (args: string[], input?: string) => runNode('--min-semi-space-size=64', [BIN, '--db', db, ...args], { input });
    const steps: Array<[string[], string | undefined, string]> = [
      [['video', 'add', '--id', 'w1', '--path', '/w1.mp4', '--title', 'One'], undefined, 'w1 One'],
      [['video', 'import', '-'], '{"id":"w2","path":"/w2.mp4","title":"Two","duration":5}\n', 'w1 One\nw2 Two'],
      [['video', 'update', 'w1', '--title', 'Uno'], undefined, 'w1 Uno\nw2 Two'],
      [['video', 'delete', 'w2', '--yes'], undefined, 'w1 Uno'],
    ];
    for (const [args, input, expected] of steps) {
      const result = await cli(args, input);
      expect(result.code, result.stderr).toBe(0);
      for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
      copyFileSync(db, copy);
      expect(statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0, 'the log is emptied').toBe(0);
      const listed = await runCli(['--db', copy, 'video', 'list', '--format', 'ndjson', '--fields', 'id,title']);
      expect(listed.stdout.trimEnd().split('\n').filter(Boolean).map((line) => Object.values(JSON.parse(line) as Record<string, string>).join(' ')).join('\n'), `${args.join(' ')}\n${listed.stderr}`).toBe(expected);
    }
  });

  it('a reader elsewhere does not hold a writing command up: the checkpoint waits for no one', async () => {
    const db = join(dir.path, 'read.db');
    expect((await runCli(['--db', db, 'init'])).code).toBe(0);
    expect((await runCli(['--db', db, 'video', 'add', '--id', 'r1', '--path', '/r1.mp4'])).code).toBe(0);
    const reader = openSqlite(db);
    try {
      reader.exec('begin');
      expect(reader.prepare('select count(*) as n from video').all()).toEqual([{ n: 1 }]);
      const started = performance.now();
      const added = await runNode('--min-semi-space-size=64', [BIN, '--db', db, 'video', 'add', '--id', 'r2', '--path', '/r2.mp4']);
      expect(added.code, added.stderr).toBe(0);
      // A checkpoint that waited for the reader would wait the whole busy timeout, then give up.
      expect(performance.now() - started).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS);
      expect(reader.prepare('select count(*) as n from video').all()).toEqual([{ n: 1 }]);
    } finally {
      reader.exec('rollback');
      reader.close();
    }
    expect((await runCli(['--db', db, 'video', 'list', '--format', 'ids'])).stdout).toBe('r1\nr2\n');
  });
});
