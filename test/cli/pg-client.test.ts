import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { canStartClusters, type Cluster, startCluster } from '../helpers/pg-cluster.js';
import { PG_ADMIN_URL, PG_REQUIRED, pgAvailable } from '../helpers/pg.js';
import { runInProcess } from '../helpers/run.js';
import { createTestCa } from '../helpers/test-ca.js';

if (PG_REQUIRED && !canStartClusters) throw new Error('AANA_STORE_REQUIRE_PG=1 but a private PostgreSQL server cannot be started');

const PASSWORD = 'Cat-Pa55:word';

/**
 * One private cluster for the file: TLS with a certificate for `localhost` from a test CA, a role
 * `catalog` that logs in with a password, and a role `certuser` that must show a client certificate.
 */
describe.skipIf(!canStartClusters)('PostgreSQL as a libpq client reaches it: TLS, client certificates, PG* variables, .pgpass', () => {
  const dir = tempDir();
  let cluster: Cluster;
  let testCa: ReturnType<typeof createTestCa>;
  let otherCa: ReturnType<typeof createTestCa>;
  let client: ReturnType<ReturnType<typeof createTestCa>['issue']>;
  const env = (extra: NodeJS.ProcessEnv = {}) => baseEnv({ HOME: dir.path, ...extra });

  beforeAll(async () => {
    testCa = createTestCa(dir.path, 'test');
    otherCa = createTestCa(dir.path, 'other');
    const server = testCa.issue('localhost', 'DNS:localhost');
    client = testCa.issue('certuser');
    cluster = await startCluster({
      files: { 'server.crt': server.cert, 'server.key': server.key, 'root.crt': testCa.ca.cert },
      conf: ['ssl = on', "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'", "ssl_ca_file = 'root.crt'", "listen_addresses = 'localhost'", 'log_connections = on'],
      hba: [
        'local all all trust',
        'hostssl all certuser 127.0.0.1/32 trust clientcert=verify-full',
        'hostssl all certuser ::1/128 trust clientcert=verify-full',
        'host all catalog 127.0.0.1/32 scram-sha-256',
        'host all catalog ::1/128 scram-sha-256',
        'host all all 127.0.0.1/32 trust',
        'host all all ::1/128 trust',
      ],
    });
    cluster.psql(`create role catalog login password '${PASSWORD.replace(/'/g, "''")}'; create role certuser login;`);
    cluster.psql('create database cat owner catalog');
    cluster.psql('create database certdb owner certuser');
  }, 120_000);
  afterAll(() => {
    cluster?.remove();
    dir.cleanup();
  });

  const url = (query: string, host = 'localhost') => `postgresql://postgres@${host}:${cluster.port}/postgres?${query}`;
  /** How the server saw the last connection of `application_name` (log_connections). */
  const lastConnection = () => cluster.log().split('\n').filter((line) => line.includes('connection authorized')).at(-1) ?? '';

  it.each([
    ['require', () => 'sslmode=require'],
    ['verify-ca', (ca: string) => `sslmode=verify-ca&sslrootcert=${ca}`],
    ['verify-full', (ca: string) => `sslmode=verify-full&sslrootcert=${ca}`],
  ])('sslmode=%s connects over TLS, with application_name aana-store/<version>', async (_mode, query) => {
    const result = await runInProcess(['--db', url(query(testCa.ca.certFile)), 'migrate', 'status'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lastConnection()).toMatch(/application_name=aana-store\/\d+\.\d+\.\d+.*SSL enabled/);
  });

  it('sslmode=prefer (the default) uses TLS when the server offers it, plain text when not', async () => {
    expect((await runInProcess(['--db', url('').slice(0, -1), 'migrate', 'status'], { env: env() })).code).toBe(0);
    expect(lastConnection()).toMatch(/SSL enabled/);
    expect((await runInProcess(['--db', url('sslmode=disable'), 'migrate', 'status'], { env: env() })).code).toBe(0);
    expect(lastConnection()).not.toMatch(/SSL enabled/);
  });

  it('verify-full against a host name the certificate does not name: exit 1, one clear line', async () => {
    const result = await runInProcess(['--db', url(`sslmode=verify-full&sslrootcert=${testCa.ca.certFile}`, '127.0.0.1'), 'video', 'list'], { env: env() });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^error: cannot open PostgreSQL database "postgres" at 127\.0\.0\.1:\d+ as postgres: Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list: \n$/);
  });

  it('verify-ca with another CA: exit 1, one clear line', async () => {
    const result = await runInProcess(['--db', url(`sslmode=verify-ca&sslrootcert=${otherCa.ca.certFile}`), 'video', 'list'], { env: env() });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^error: cannot open PostgreSQL database "postgres" at localhost:\d+ as postgres: (self[- ]signed certificate in certificate chain|unable to verify the first certificate|unable to get local issuer certificate)\n$/);
  });

  it('verify-full without a CA certificate anywhere: exit 2 saying where one is looked for', async () => {
    const result = await runInProcess(['--db', url('sslmode=verify-full'), 'video', 'list'], { env: env() });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'error: sslmode verify-full: needs the CA certificate (sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt)\n' });
  });

  it('a client certificate logs in where pg_hba.conf says clientcert=verify-full; without it the server refuses', async () => {
    const base = `postgresql://certuser@localhost:${cluster.port}/certdb?sslmode=verify-full&sslrootcert=${testCa.ca.certFile}`;
    const withCert = await runInProcess(['--db', `${base}&sslcert=${client.certFile}&sslkey=${client.keyFile}`, 'migrate', 'status'], { env: env() });
    expect(withCert).toMatchObject({ code: 0, stderr: '' });
    const without = await runInProcess(['--db', base, 'migrate', 'status'], { env: env() });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^error: cannot open .*: connection requires a valid client certificate\n$/);
  });

  it('PG* variables fill what the spec leaves out, and config names each origin with the password redacted', async () => {
    const pgEnv = env({ PGHOST: '127.0.0.1', PGPORT: String(cluster.port), PGUSER: 'catalog', PGPASSWORD: PASSWORD, PGDATABASE: 'cat', PGSSLMODE: 'require', PGAPPNAME: 'nightly-sync', PGCONNECT_TIMEOUT: '7' });
    const init = await runInProcess(['--db', 'postgresql://', 'init'], { env: pgEnv });
    expect(init).toMatchObject({ code: 0, stdout: '' });
    expect(lastConnection()).toMatch(/user=catalog database=cat application_name=nightly-sync.*SSL enabled/);
    const config = await runInProcess(['--db', 'postgresql://', 'config', '--format', 'json'], { env: pgEnv });
    expect(config.code).toBe(0);
    const rows = JSON.parse(config.stdout);
    expect(rows.host).toEqual({ value: '127.0.0.1', origin: 'env PGHOST' });
    expect(rows.port).toEqual({ value: cluster.port, origin: 'env PGPORT' });
    expect(rows.password).toEqual({ value: '***', origin: 'env PGPASSWORD' });
    expect(rows.sslmode).toEqual({ value: 'require', origin: 'env PGSSLMODE' });
    expect(rows.connection_timeout).toEqual({ value: 7, origin: 'env PGCONNECT_TIMEOUT' });
    expect(config.stdout + config.stderr + init.stderr).not.toContain(PASSWORD);
  });

  it('a key=value string with a quoted password reaches the password-protected role', async () => {
    const spec = `host=127.0.0.1 port=${cluster.port} user=catalog dbname=cat password='${PASSWORD}'`;
    const result = await runInProcess(['--db', spec, 'video', 'count'], { env: env() });
    expect(result).toMatchObject({ code: 0, stdout: '0\n', stderr: '' });
  });

  it('a 0600 password file gives the password; a 0644 one is ignored with a warning, and the login fails at once', async () => {
    const passfile = join(dir.path, 'pgpass');
    writeFileSync(passfile, `# catalog\n*:*:other:catalog:wrong\n127.0.0.1:${cluster.port}:cat:catalog:${PASSWORD.replace(/:/g, '\\:')}\n`);
    chmodSync(passfile, 0o600);
    const spec = `postgresql://catalog@127.0.0.1:${cluster.port}/cat`;
    const ok = await runInProcess(['--db', spec, 'video', 'count'], { env: env({ PGPASSFILE: passfile }) });
    expect(ok).toMatchObject({ code: 0, stdout: '0\n', stderr: '' });
    const config = await runInProcess(['--db', spec, 'config', '--format', 'json'], { env: env({ PGPASSFILE: passfile }) });
    expect(JSON.parse(config.stdout).password).toEqual({ value: '***', origin: `pgpass ${passfile}` });
    chmodSync(passfile, 0o644);
    const ignored = await runInProcess(['--db', spec, 'video', 'count'], { env: env({ PGPASSFILE: passfile }) });
    expect(ignored.code).toBe(1);
    expect(ignored.stdout).toBe('');
    expect(ignored.stderr).toBe(
      `warning: password file "${passfile}" has group or world access; permissions should be u=rw (0600) or less: ignored\n` +
        `error: cannot open PostgreSQL database "cat" at 127.0.0.1:${cluster.port} as catalog: the server asks for a password and none was given (in the spec, PGPASSWORD or a 0600 password file)\n`,
    );
  });

  it.skipIf(!pgAvailable)('sslmode=require against a server without TLS: exit 1, one clear line', async () => {
    const admin = new URL(PG_ADMIN_URL);
    admin.searchParams.set('sslmode', 'require');
    const result = await runInProcess(['--db', admin.toString(), 'migrate', 'status'], { env: env() });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^error: cannot open PostgreSQL database .*: The server does not support SSL connections\n$/);
  });
});
