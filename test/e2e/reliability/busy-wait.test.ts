// A SQLite writer waits the whole busy timeout for the write lock, and says so only when it did.
import { readlinkSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../../src/storage/sqlite-pragmas.js';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { type CliResult, runCli, startCli } from '../../helpers/cli.js';
import { holdWriteLock } from '../../helpers/sqlite.js';

interface Timed extends CliResult {
  /** When the command first had the database file open. */
  opened: number;
  ended: number;
}

/** Runs the CLI, noting when its process first opens `file` (polling /proc), and calling `onOpen` then. */
async function runTimed(args: string[], file: string, onOpen: () => void): Promise<Timed> {
  const { child, exited } = startCli(args);
  child.stdin.end();
  let opened = 0;
  const poll = setInterval(() => {
    try {
      if (readdirSync(`/proc/${child.pid}/fd`).some((fd) => readlinkSync(`/proc/${child.pid}/fd/${fd}`, { encoding: 'utf8' }) === file)) {
        opened = Date.now();
        clearInterval(poll);
        onOpen();
      }
    } catch {
      // not started yet, or already gone
    }
  }, 10);
  const result = await exited.finally(() => clearInterval(poll));
  return { ...result, opened, ended: Date.now() };
}

describe('a SQLite write while another connection holds the write lock', () => {
  let db: Backend;
  beforeAll(async () => {
    db = await BACKENDS[0].create();
    expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
    for (const id of ['w1', 'w2', 'w3', 'w4']) expect((await runCli(['--db', db.spec, 'video', 'add', '--path', `/${id}.mp4`, '--id', id])).code).toBe(0);
  });
  afterAll(async () => db?.cleanup());

  for (const command of [['video', 'delete', 'w1'], ['video', 'update', 'w2', '--title', 'Waited'], ['video', 'add', '--id', 'w3', '--title', 'Merged', '--on-conflict', 'update']]) {
    it(`\`${command.join(' ')}\` held for less than the busy timeout: waits, then succeeds`, async () => {
      const holder = await holdWriteLock(db.spec, "INSERT INTO media (id, media_type) VALUES ('held', 'audio');");
      let released = 0;
      const result = await runTimed(['--db', db.spec, ...command], db.spec, () => {
        // The other writer commits a change: a reader that began before would now be stale.
        setTimeout(() => void holder.commit().then(() => (released = Date.now())), SQLITE_BUSY_TIMEOUT_MS / 2);
      });
      await db.query("delete from media where id = 'held'");
      expect(result.stderr.replace(/^(Deleted 1 video|video w3 exists; updated)\n$/, '')).toBe('');
      expect(result.code).toBe(0);
      expect(released).toBeGreaterThan(0);
      expect(result.ended).toBeGreaterThanOrEqual(released);
    }, 60_000);
  }

  it('held past the busy timeout: fails after at least the timeout, saying so, and writes nothing', async () => {
    const holder = await holdWriteLock(db.spec, "INSERT INTO media (id, media_type) VALUES ('held', 'audio');");
    try {
      const result = await runTimed(['--db', db.spec, 'video', 'delete', 'w4'], db.spec, () => undefined);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`error: SQLite database ${db.spec} is locked by another process (waited past the busy timeout); nothing was written\n`);
      expect(result.opened).toBeGreaterThan(0);
      expect(result.ended - result.opened).toBeGreaterThanOrEqual(SQLITE_BUSY_TIMEOUT_MS);
    } finally {
      await holder.release();
    }
    expect(await db.query("select id from video where id = 'w4'")).toEqual([{ id: 'w4' }]);
  }, 60_000);
});
