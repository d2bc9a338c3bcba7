import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { createTestDatabase, PG_ADMIN_URL, PG_REQUIRED, pgAvailable, type TestDatabase } from '../helpers/pg.js';
import { canStartPgbouncer, startPgbouncer } from '../helpers/pgbouncer.js';
import { runInProcess } from '../helpers/run.js';

if (PG_REQUIRED && !canStartPgbouncer) throw new Error('AANA_STORE_REQUIRE_PG=1 but pgbouncer is not installed (apt-get install pgbouncer)');

const TIMED_OUT = /^error: PostgreSQL database "\w+" at 127\.0\.0\.1:\d+ as postgres: .*canceling statement due to statement timeout \(query_timeout is 1 s: raise query_timeout in DB_CONFIG or the config file, or 0 for no limit\)\n$/;

/**
 * PgBouncer in transaction mode with two server connections per database (init needs two at once):
 * every transaction of every command runs on one of those two server sessions, so a setting left on
 * one would show; and PgBouncer refuses a client that sends a startup parameter such as statement_timeout.
 */
describe.skipIf(!pgAvailable || !canStartPgbouncer)('query_timeout through PgBouncer in transaction mode (set per transaction)', () => {
  let bouncer: { port: number; stop: () => void };
  let db: TestDatabase;
  const admin = new URL(PG_ADMIN_URL);
  const config = (queryTimeout: number) =>
    JSON.stringify({ datastore_type: 'postgresql', datastore_config: { host: '127.0.0.1', port: bouncer.port, user: 'postgres', database: db.name, sslmode: 'disable' }, query_timeout: queryTimeout });
  const run = (argv: string[], input?: string) => runInProcess(argv, { env: baseEnv({ DB_CONFIG: config(1) }), input });

  /**
   * Runs `work` while another session (straight to the server) holds both tables locked, for 10 s at
   * most: a statement that no timeout cancels then completes, and the test fails on its result.
   */
  async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${db.name}`;
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table media, video in access exclusive mode');
      const release = setTimeout(() => void locker.query('rollback'), 10_000);
      try {
        return await work();
      } finally {
        clearTimeout(release);
      }
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
  }

  beforeAll(async () => {
    bouncer = await startPgbouncer({ host: admin.hostname, port: Number(admin.port || 5432), poolSize: 2 });
    db = await createTestDatabase();
    expect((await run(['init'])).code).toBe(0);
    expect((await run(['video', 'add', '--id', 'v1', '--url', 'https://e.com/v1'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    bouncer?.stop();
    await db?.drop();
  });

  it('a read waiting past query_timeout is cancelled, naming the setting', async () => {
    const started = Date.now();
    const listed = await whileLocked(() => run(['video', 'list', '--format', 'ids']));
    expect(listed).toMatchObject({ code: 1, stdout: '' });
    expect(listed.stderr).toMatch(TIMED_OUT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('a write (one video, and an import) waiting past query_timeout is cancelled and writes nothing', async () => {
    const added = await whileLocked(() => run(['video', 'add', '--id', 'v2', '--url', 'https://e.com/v2']));
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(TIMED_OUT);
    const imported = await whileLocked(() => run(['video', 'import', '-'], '{"id":"v3","url":"https://e.com/v3"}\n'));
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(TIMED_OUT);
    expect(await db.query('select id from video order by id')).toEqual([{ id: 'v1' }]);
  });

  it('the timeout does not outlive its transaction: neither pooled server session keeps a statement_timeout', async () => {
    expect((await run(['video', 'list', '--format', 'ids'])).stdout).toBe('v1\n');
    // Two clients each inside a transaction hold the two server sessions, one each.
    const clients = [0, 1].map(() => new pg.Client({ host: '127.0.0.1', port: bouncer.port, user: 'postgres', database: db.name }));
    try {
      const shown = await Promise.all(
        clients.map(async (client) => {
          await client.connect();
          await client.query('begin');
          const { rows } = await client.query<{ statement_timeout: string; pid: number }>('select current_setting($1) as statement_timeout, pg_backend_pid() as pid', ['statement_timeout']);
          return rows[0];
        }),
      );
      expect(shown.map((row) => row.statement_timeout)).toEqual(['0', '0']);
      expect(new Set(shown.map((row) => row.pid)).size).toBe(2);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});

describe.skipIf(!pgAvailable)('pool_size 1 (PostgreSQL)', () => {
  it('init and migrate work: a migration takes the two connections it needs', async () => {
    const db = await createTestDatabase();
    try {
      const env = baseEnv({ DB_CONFIG: JSON.stringify({ datastore_type: 'postgresql', datastore_config: { host: '127.0.0.1', port: 5432, user: 'postgres', database: db.name }, pool_size: 1, connection_timeout: 5 }) });
      expect(await runInProcess(['init'], { env })).toMatchObject({ code: 0, stdout: '' });
      expect(await runInProcess(['migrate'], { env })).toMatchObject({ code: 0, stdout: '' });
      expect(await runInProcess(['video', 'add', '--id', 'v1', '--url', 'https://e.com/v1'], { env })).toMatchObject({ code: 0, stdout: 'v1\n', stderr: '' });
    } finally {
      await db.drop();
    }
  });
});
