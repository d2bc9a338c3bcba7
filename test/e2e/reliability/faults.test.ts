import { spawn } from 'node:child_process';
import { chmodSync, chownSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { BIN, baseEnv, runCli, startCli, tempDir } from '../../helpers/cli.js';
import { adminQuery, createTestDatabase, pgAvailable } from '../../helpers/pg.js';
import { snapshot } from '../../helpers/snapshot.js';
import { holdWriteLock } from '../../helpers/sqlite.js';
import { eventually } from '../../helpers/wait.js';

const sqliteKind = BACKENDS[0];
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/**
 * Runs the CLI as root without the capabilities that let root ignore file permissions, so that a
 * read-only file or folder is read-only to it too. (Running as another user would need the
 * checkout to be readable by that user, which a clone in a private folder is not.)
 */
function runWithoutPermissionOverride(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, BIN, ...args], { env: baseEnv({ HOME: '/nonexistent' }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('SQLite faults give a clear message and write nothing', () => {
  let db: Backend;
  beforeAll(async () => {
    db = await sqliteKind.create();
    expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
    expect((await runCli(['--db', db.spec, 'video', 'add', '--path', '/keep.mp4', '--id', 'keep'])).code).toBe(0);
  });
  afterAll(async () => db?.cleanup());

  it('locked past the busy timeout', async () => {
    const before = await snapshot(db);
    const holder = await holdWriteLock(db.spec, "INSERT INTO media (id, media_type) VALUES ('held', 'video');");
    try {
      const result = await runCli(['--db', db.spec, 'video', 'add', '--path', '/blocked.mp4', '--id', 'blocked']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`error: SQLite database ${db.spec} is locked by another process (waited past the busy timeout); nothing was written\n`);
    } finally {
      await holder.release();
    }
    expect(await snapshot(db)).toEqual(before);
  }, 60_000);

  it('disk full (file size limit) while importing', async () => {
    const before = await snapshot(db);
    const sizeKb = Math.ceil(statSync(db.spec).size / 1024);
    const input = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `full${i}`, path: `/f/${i}.mp4`, description: 'd'.repeat(200) })).join('\n');
    // SIGXFSZ ignored, so a write past the limit fails with EFBIG as it would on a full disk.
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', `trap '' XFSZ; ulimit -f ${sizeKb + 256}; exec "$0" "$@"`, process.execPath, BIN, '--db', db.spec, 'video', 'import', '-'], { env: baseEnv() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      // The import stops at the failed write; the rest of the input then meets a closed pipe.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^error: SQLite database ${db.spec}: .*(SQLITE_FULL|SQLITE_IOERR|disk)`, 'i'));
    expect(await db.query('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await snapshot(db)).toEqual(before);
  }, 60_000);

  it.skipIf(!asRoot)('a read-only database file', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'ro.db');
      expect((await runCli(['--db', path, 'init'])).code).toBe(0);
      expect((await runCli(['--db', path, 'video', 'add', '--path', '/ro.mp4', '--id', 'ro'])).code).toBe(0);
      chownSync(path, NOBODY, NOBODY);
      chmodSync(path, 0o444);
      const bytes = readFileSync(path);
      const result = await runWithoutPermissionOverride(['--db', path, 'video', 'add', '--path', '/x.mp4', '--id', 'x']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^error: .*SQLite database ${path}.*(read-only|readonly)`));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    } finally {
      dir.cleanup();
    }
  });

  it.skipIf(!asRoot)('a folder that is not writable', async () => {
    const dir = tempDir();
    try {
      chownSync(dir.path, NOBODY, NOBODY);
      chmodSync(dir.path, 0o555);
      const path = join(dir.path, 'sub', 'x.db');
      const result = await runWithoutPermissionOverride(['--db', path, 'init']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^error: .*${join(dir.path, 'sub')}.*EACCES|permission denied`, 'i'));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      dir.cleanup();
    }
  });
});

describe.skipIf(!pgAvailable)('PostgreSQL faults: exit 1 with host, port and cause, never the password', () => {
  it('the server ends the connection in the middle of a command; nothing is half-written', async () => {
    const db = await createTestDatabase();
    try {
      expect((await runCli(['--db', db.url, 'init'])).code).toBe(0);
      const url = new URL(db.url);
      url.password = 'Sup3rS3cret';
      const { child, exited } = startCli(['--db', url.toString(), 'video', 'import', '-']);
      child.stdin.write(Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `t${i}`, path: `/t/${i}.mp4` })).join('\n') + '\n');
      // Wait until the import holds its transaction open with rows written (it has a transaction id),
      // then end its session as a server shutdown would.
      await eventually(
        async () =>
          (
            await adminQuery(
              "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and application_name like 'aana-store%' and backend_xid is not null",
              [db.name],
            )
          ).length > 0,
        { timeoutMs: 30_000, everyMs: 50 },
      );
      child.stdin.end();
      const { code, stderr } = await exited;
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^error: .*PostgreSQL database "${db.name}" at 127.0.0.1:5432 as postgres.*(terminat|connection)`, 'i'));
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).not.toContain('Sup3rS3cret');
      expect(await db.query('select count(*)::int as n from media')).toEqual([{ n: 0 }]);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('a statement running past query_timeout is cancelled', async () => {
    const db = await createTestDatabase();
    try {
      expect((await runCli(['--db', db.url, 'init'])).code).toBe(0);
      const env = baseEnv({
        DB_CONFIG: JSON.stringify({
          datastore_type: 'postgresql',
          datastore_config: { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'Sup3rS3cret', database: db.name },
          query_timeout: 1,
        }),
      });
      // Another session holds the table, so the list query waits until its statement timeout.
      const pg = await import('pg');
      const blocker = new pg.default.Client({ connectionString: db.url });
      await blocker.connect();
      await blocker.query('begin; lock table media in access exclusive mode');
      try {
        const result = await runCli(['video', 'list'], { env });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(new RegExp(`^error: PostgreSQL database "${db.name}" at 127.0.0.1:5432 as postgres: .*canceling statement due to statement timeout \\(query_timeout is 1 s: raise query_timeout in DB_CONFIG or the config file, or 0 for no limit\\)\\n$`));
        expect(result.stderr).not.toContain('Sup3rS3cret');
      } finally {
        await blocker.query('rollback');
        await blocker.end();
      }
    } finally {
      await db.drop();
    }
  }, 60_000);
});
