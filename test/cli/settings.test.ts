import { existsSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgAvailable, createTestDatabase } from '../helpers/pg.js';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const dir = tempDir();
afterAll(() => dir.cleanup());

/** Adds a video through the given settings and reports which SQLite file received it. */
async function addVia(args: string[], env: NodeJS.ProcessEnv, id: string) {
  expect((await runInProcess([...args, 'init'], { env })).code).toBe(0);
  const add = await runInProcess([...args, 'video', 'add', '--path', '/v.mp4', '--id', id], { env });
  expect(add).toMatchObject({ code: 0, stdout: `${id}\n` });
}

describe('where the database is', () => {
  it('defaults to $XDG_DATA_HOME/aana-store/aana.db', async () => {
    const env = baseEnv({ XDG_DATA_HOME: join(dir.path, 'xdg') });
    await addVia([], env, 'default-xdg');
    expect(existsSync(join(dir.path, 'xdg', 'aana-store', 'aana.db'))).toBe(true);
  });

  it('defaults to ~/.local/share/aana-store/aana.db without XDG_DATA_HOME', async () => {
    const env = baseEnv({ HOME: join(dir.path, 'home') });
    await addVia([], env, 'default-home');
    expect(existsSync(join(dir.path, 'home', '.local', 'share', 'aana-store', 'aana.db'))).toBe(true);
  });

  it('a config file, then DB_CONFIG, then AANA_STORE_DB, then --db take over in that order', async () => {
    const paths = { file: join(dir.path, 'file.db'), dbConfig: join(dir.path, 'dbconfig.db'), envDb: join(dir.path, 'env.db'), flag: join(dir.path, 'flag.db') };
    const configFile = join(dir.path, 'conf.json');
    writeFileSync(configFile, JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: paths.file } }));
    const env = baseEnv({ XDG_DATA_HOME: join(dir.path, 'unused'), AANA_STORE_CONFIG: configFile });
    await addVia([], env, 'via-file');
    env.DB_CONFIG = JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: paths.dbConfig } });
    await addVia([], env, 'via-dbconfig');
    env.AANA_STORE_DB = `sqlite:${paths.envDb}`;
    await addVia([], env, 'via-env');
    await addVia(['--db', paths.flag], env, 'via-flag');
    for (const [key, path] of Object.entries(paths)) expect(existsSync(path), key).toBe(true);
    expect(existsSync(join(dir.path, 'unused'))).toBe(false);
    const ids = async (path: string) => (await runInProcess(['--db', path, 'video', 'list', '--format', 'ids'], { env: baseEnv() })).stdout;
    expect(await ids(paths.file)).toBe('via-file\n');
    expect(await ids(paths.dbConfig)).toBe('via-dbconfig\n');
    expect(await ids(paths.envDb)).toBe('via-env\n');
    expect(await ids(paths.flag)).toBe('via-flag\n');
  });

  it.each([
    [['--db', 'mysql://x/y', 'video', 'list'], {}, 'error: database spec: unsupported scheme "mysql" (use sqlite: or postgresql://)\n'],
    [['video', 'list'], { DB_CONFIG: '{"datastore_type": "oracle"}' }, 'error: DB_CONFIG: datastore_type: must be "sqlite" or "postgresql", got "oracle"\n'],
    [['video', 'list'], { DB_CONFIG: 'nope' }, /^error: DB_CONFIG: not valid JSON/],
    [['--config', '/nonexistent/conf.json', 'video', 'list'], {}, 'error: config file /nonexistent/conf.json: does not exist\n'],
  ])('bad settings %j exit 2 with one line', async (args, env, message) => {
    const result = await runInProcess(args, { env: baseEnv(env) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    if (typeof message === 'string') expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
  });

  it('a SQLite file that does not exist is not created by a read', async () => {
    const path = join(dir.path, 'missing.db');
    const result = await runInProcess(['--db', path, 'video', 'list'], { env: baseEnv() });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `error: SQLite database ${path} does not exist; run \`aana-store init\` to create it\n` });
    expect(existsSync(path)).toBe(false);
  });

  it('a file that is not a SQLite database', async () => {
    const path = join(dir.path, 'text.db');
    writeFileSync(path, 'just text, not a database\n'.repeat(100));
    const result = await runInProcess(['--db', path, 'video', 'list'], { env: baseEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: cannot open SQLite database ${path}: file is not a database\n`);
  });
});

describe.skipIf(!pgAvailable)('PostgreSQL settings and faults', () => {
  it('DB_CONFIG in the Aana form reaches PostgreSQL', async () => {
    const db = await createTestDatabase();
    try {
      const url = new URL(db.url);
      const env = baseEnv({
        DB_CONFIG: JSON.stringify({
          datastore_type: 'postgresql',
          datastore_config: { host: url.hostname, port: Number(url.port), user: 'postgres', password: 'unused-with-trust', database: db.name },
          pool_size: 2,
          query_timeout: 5,
          connection_timeout: 3,
        }),
      });
      expect((await runInProcess(['init'], { env })).code).toBe(0);
      expect((await runInProcess(['video', 'add', '--url', 'https://e.org/x.mp4', '--id', 'pg-dbconfig'], { env })).stdout).toBe('pg-dbconfig\n');
      expect(await db.query("select media_type from media where id = 'pg-dbconfig'")).toEqual([{ media_type: 'video' }]);
    } finally {
      await db.drop();
    }
  });

  it('nothing listening: exit 1 with host, port and cause, never the password', async () => {
    const result = await runInProcess(['--db', 'postgresql://aana:Sup3rS3cret@127.0.0.1:1/catalog', '-v', 'video', 'list'], { env: baseEnv() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: cannot open PostgreSQL database "catalog" at 127.0.0.1:1 as aana: connect ECONNREFUSED 127.0.0.1:1\n/);
    expect(result.stderr).not.toContain('Sup3rS3cret');
  });

  it('an unknown database: exit 1 naming it, never the password', async () => {
    const result = await runInProcess(['--db', 'postgresql://postgres:Sup3rS3cret@127.0.0.1:5432/no_such_db_here', '--verbose', 'video', 'list'], { env: baseEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot open PostgreSQL database "no_such_db_here" at 127.0.0.1:5432 as postgres: database "no_such_db_here" does not exist\n/);
    expect(result.stderr).not.toContain('Sup3rS3cret');
  });

  it('a server that never answers fails within the connection timeout', async () => {
    // A loopback listener that accepts and stays silent, as a hung server would.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const env = baseEnv({
        DB_CONFIG: JSON.stringify({
          datastore_type: 'postgresql',
          datastore_config: { host: '127.0.0.1', port, user: 'u', password: 'Sup3rS3cret', database: 'd' },
          connection_timeout: 2,
        }),
      });
      // Baseline in the same run: a connection that fails at once (nothing listening), so that the
      // first load of the driver on a loaded machine does not count against the timeout.
      const timed = async (args: string[], runEnv: NodeJS.ProcessEnv) => {
        const started = Date.now();
        const result = await runInProcess(args, { env: runEnv });
        return { result, elapsed: Date.now() - started };
      };
      const baseline = await timed(['--db', 'postgresql://u@127.0.0.1:1/d', 'video', 'list'], baseEnv());
      expect(baseline.result.code).toBe(1);
      const { result, elapsed } = await timed(['video', 'list'], env);
      expect(result.code).toBe(1);
      expect(elapsed).toBeGreaterThanOrEqual(2000);
      expect(elapsed - baseline.elapsed).toBeLessThan(2000 + 1000);
      expect(result.stderr).toMatch(new RegExp(`^error: cannot open PostgreSQL database "d" at 127.0.0.1:${port} as u: .*timeout`, 'i'));
      expect(result.stderr).not.toContain('Sup3rS3cret');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
