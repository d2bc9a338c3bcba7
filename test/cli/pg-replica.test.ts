import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { canStartClusters, type Cluster, startCluster } from '../helpers/pg-cluster.js';
import { PG_REQUIRED } from '../helpers/pg.js';
import { runInProcess } from '../helpers/run.js';
import { eventually } from '../helpers/wait.js';

if (PG_REQUIRED && !canStartClusters) throw new Error('AANA_STORE_REQUIRE_PG=1 but a private PostgreSQL server cannot be started');

describe.skipIf(!canStartClusters)('read replicas: a private primary and a streaming replica of it (pg_basebackup -R)', () => {
  let primary: Cluster;
  let replica: Cluster;
  const env = baseEnv();
  const primaryUrl = () => `postgresql://postgres@127.0.0.1:${primary.port}/postgres?sslmode=disable`;
  const replicaUrl = () => `postgresql://127.0.0.1:${replica.port}`;
  /** Connections the replica has served, from its log (log_connections). */
  const replicaConnections = () => replica.log().split('\n').filter((line) => line.includes('connection authorized') && line.includes('application_name=aana-store')).length;

  beforeAll(async () => {
    primary = await startCluster();
    replica = await startCluster({ replicaOf: primary.port, conf: ['log_connections = on', 'hot_standby = on'] });
    await eventually(async () => replica.psql('select pg_is_in_recovery()').trim() === 't');
    expect((await runInProcess(['--db', primaryUrl(), 'init'], { env })).code).toBe(0);
  }, 180_000);
  afterAll(() => {
    replica?.remove();
    primary?.remove();
  });

  it('a write goes to the primary; once replayed, get and list are served by the replica (--replica)', async () => {
    const before = replicaConnections();
    const added = await runInProcess(['--db', primaryUrl(), '--replica', replicaUrl(), 'video', 'add', '--id', 'v1', '--url', 'https://e.com/v1', '--title', 'One'], { env });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(replicaConnections()).toBe(before);
    await eventually(async () => (await runInProcess(['--db', primaryUrl(), '--replica', replicaUrl(), 'video', 'exists', 'v1'], { env })).code === 0);
    const served = replicaConnections();
    const listed = await runInProcess(['--db', primaryUrl(), '--replica', replicaUrl(), 'video', 'list', '--format', 'ids'], { env });
    expect(listed).toMatchObject({ code: 0, stdout: 'v1\n', stderr: '' });
    expect(replicaConnections()).toBeGreaterThan(served);
  });

  it('AANA_STORE_REPLICAS and a config file\'s replicas name them too', async () => {
    const fromEnv = await runInProcess(['--db', primaryUrl(), 'config', '--format', 'json'], { env: { ...env, AANA_STORE_REPLICAS: `${replicaUrl()}, postgresql://other:5432` } });
    expect(JSON.parse(fromEnv.stdout).replicas).toEqual({ value: `postgresql://postgres@127.0.0.1:${replica.port}/postgres?sslmode=disable postgresql://postgres@other:5432/postgres?sslmode=disable`, origin: 'env AANA_STORE_REPLICAS' });
    const DB_CONFIG = JSON.stringify({ datastore_type: 'postgresql', datastore_config: { host: '127.0.0.1', port: primary.port, user: 'postgres', database: 'postgres', sslmode: 'disable' }, replicas: [replicaUrl()] });
    const served = replicaConnections();
    const counted = await runInProcess(['video', 'count'], { env: { ...env, DB_CONFIG } });
    expect(counted).toMatchObject({ code: 0, stdout: '1\n', stderr: '' });
    expect(replicaConnections()).toBeGreaterThan(served);
  });

  it('replicas with a SQLite database: exit 2', async () => {
    const result = await runInProcess(['--db', '/tmp/x.db', '--replica', replicaUrl(), 'video', 'list'], { env });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'error: flag --replica: replicas need a PostgreSQL database\n' });
  });

  it('the replica stopped: reads fall back to the primary with one warning', async () => {
    replica.stop();
    const listed = await runInProcess(['--db', primaryUrl(), '--replica', replicaUrl(), 'video', 'list', '--format', 'ids'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('v1\n');
    expect(listed.stderr).toMatch(new RegExp(`^warning: no replica answered \\(cannot open PostgreSQL database "postgres" at 127\\.0\\.0\\.1:${replica.port} as postgres: connect ECONNREFUSED [^)]*\\); reading from the primary\\n$`));
  });
});
