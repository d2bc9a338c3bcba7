import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { adminQuery, createTestDatabase, PG_ADMIN_URL, pgAvailable, type TestDatabase } from '../helpers/pg.js';
import { runInProcess } from '../helpers/run.js';
import { startDroppingProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/** Waits for a condition, polling. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `{"id":"n${from + i}","url":"https://e.com/${from + i}"}\n`).join('');

describe.skipIf(!pgAvailable)('failover: a dropped connection (PostgreSQL)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy | undefined;
  const admin = new URL(PG_ADMIN_URL);
  const server = { host: admin.hostname, port: Number(admin.port || 5432) };
  const env = (port: number, connectionTimeout = 10) =>
    baseEnv({ DB_CONFIG: JSON.stringify({ datastore_type: 'postgresql', datastore_config: { host: '127.0.0.1', port, user: 'postgres', database: db.name, sslmode: 'disable' }, connection_timeout: connectionTimeout }) });

  beforeAll(async () => {
    db = await createTestDatabase();
    expect((await runInProcess(['init'], { env: env(server.port) })).code).toBe(0);
    expect((await runInProcess(['video', 'add', '--id', 'v1', '--url', 'https://e.com/v1'], { env: env(server.port) })).code).toBe(0);
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  afterAll(async () => db?.drop());

  it('a read-only command whose first connections the server closes connects again and succeeds', async () => {
    proxy = await startDroppingProxy(server, 2);
    const listed = await runInProcess(['video', 'list', '--format', 'ids'], { env: env(proxy.port) });
    expect(listed).toEqual({ code: 0, signal: null, stdout: 'v1\n', stderr: '' });
    expect(proxy.connections()).toBeGreaterThanOrEqual(3);
  });

  it('the retries are bounded by connection_timeout: then one line and exit 1', async () => {
    proxy = await startDroppingProxy(server, Number.POSITIVE_INFINITY);
    const started = Date.now();
    const listed = await runInProcess(['video', 'count'], { env: env(proxy.port, 1) });
    const elapsed = Date.now() - started;
    expect(listed.code).toBe(1);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toMatch(/^error: cannot open PostgreSQL database "\w+" at 127\.0\.0\.1:\d+ as postgres: Connection terminated unexpectedly\n$/);
    expect(proxy.connections()).toBeGreaterThan(1);
    expect(proxy.connections()).toBeLessThan(10);
    expect(elapsed).toBeLessThan(4000);
  });

  it('a write is not retried: its connections closed while opening, it fails with one line, exit 1, writing nothing', async () => {
    proxy = await startDroppingProxy(server, 2);
    const added = await runInProcess(['video', 'add', '--id', 'v2', '--url', 'https://e.com/v2'], { env: env(proxy.port) });
    expect(added).toMatchObject({ code: 1, stdout: '' });
    expect(added.stderr).toMatch(/^error: cannot open PostgreSQL database "\w+" at 127\.0\.0\.1:\d+ as postgres: Connection terminated unexpectedly\n$/);
    expect(await db.query('select id from video')).toEqual([{ id: 'v1' }]);
  });

  it('an import whose connection is terminated mid-transaction fails with one line, exit 1, and writes nothing', async () => {
    const input = new PassThrough();
    input.write(records(0, 2500));
    const importing = runInProcess(['video', 'import', '-'], { env: env(server.port), input });
    // The first chunk is written and the import waits for more input inside its transaction.
    const pid = await eventually(async () => {
      const rows = await adminQuery<{ pid: number }>("select pid from pg_stat_activity where datname = $1 and state = 'idle in transaction' and application_name like 'aana-store%'", [db.name]);
      return rows[0]?.pid;
    });
    expect((await adminQuery('select pg_terminate_backend($1) as ok', [pid]))[0]).toEqual({ ok: true });
    input.end(records(2500, 5000));
    const imported = await importing;
    expect(imported.code).toBe(1);
    expect(imported.stdout).toBe('');
    expect(imported.stderr).toMatch(/^error: lost the connection to PostgreSQL database "\w+" at 127\.0\.0\.1:\d+ as postgres: (terminating connection due to administrator command|Connection terminated unexpectedly); its open transaction was rolled back\n$/);
    expect(await db.query('select count(*)::int as n from video')).toEqual([{ n: 1 }]);
    expect(await db.query('select count(*)::int as n from media')).toEqual([{ n: 1 }]);
  });
});
