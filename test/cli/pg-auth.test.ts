import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { PG_REQUIRED } from '../helpers/pg.js';
import { canStartClusters, type Cluster, startCluster } from '../helpers/pg-cluster.js';

if (PG_REQUIRED && !canStartClusters) throw new Error('AANA_STORE_REQUIRE_PG=1 but a private PostgreSQL server cannot be started (needs /usr/lib/postgresql/*/bin, and the postgres user when run as root)');

describe.skipIf(!canStartClusters)('PostgreSQL that demands a password', () => {
  let server: Cluster;
  beforeAll(async () => {
    server = await startCluster({ password: 'Right-Pa55word' });
  }, 60_000);
  afterAll(() => server?.remove());

  it('a wrong password: exit 1 with host, port and cause, never the password', async () => {
    const result = await runInProcess(['--db', `postgresql://postgres:Wr0ng-S3cret@127.0.0.1:${server.port}/postgres`, '--verbose', 'video', 'list'], { env: baseEnv() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: cannot open PostgreSQL database "postgres" at 127.0.0.1:${server.port} as postgres: password authentication failed for user "postgres"\\n`));
    expect(result.stderr).not.toContain('Wr0ng-S3cret');
  });

  it('the right password works, and is never printed either', async () => {
    const url = `postgresql://postgres:Right-Pa55word@127.0.0.1:${server.port}/postgres`;
    const init = await runInProcess(['--db', url, '--verbose', 'init'], { env: baseEnv() });
    expect(init.code).toBe(0);
    const dry = await runInProcess(['--db', url, '--verbose', 'migrate', 'down', '--dry-run'], { env: baseEnv() });
    expect(dry.code).toBe(0);
    const missing = await runInProcess(['--db', url, '--verbose', 'video', 'get', 'nope'], { env: baseEnv() });
    expect(missing.code).toBe(3);
    for (const result of [init, dry, missing]) expect(result.stdout + result.stderr).not.toContain('Right-Pa55word');
  });
});
