import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { freePort, serverOwner } from './pg-cluster.js';
import { eventually } from './wait.js';

export const canStartPgbouncer = spawnSync('pgbouncer', ['--version']).status === 0;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * PgBouncer in transaction pooling mode on a loopback port of its own, in front of a PostgreSQL
 * server that trusts loopback (every database, as the server's). It refuses to run as root, so as
 * root it runs as `postgres`. It refuses a client that sends a startup parameter it cannot track
 * (statement_timeout, …), as a pooler should: aana-store sends none. `poolSize` server connections
 * per database (20 unless given).
 */
export async function startPgbouncer(server: { host: string; port: number; poolSize?: number }): Promise<{ port: number; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'aana-store-pgbouncer-'));
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.host} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      `default_pool_size = ${server.poolSize ?? 20}`,
      `logfile = ${join(dir, 'log')}`,
      '',
    ].join('\n'),
  );
  const owner = serverOwner();
  if (owner) for (const file of ['', 'pgbouncer.ini', 'users.txt']) chownSync(join(dir, file), owner.uid, owner.gid);
  const child: ChildProcess = owner ? spawn('runuser', ['-u', 'postgres', '--', 'pgbouncer', ini], { stdio: 'ignore' }) : spawn('pgbouncer', [ini], { stdio: 'ignore' });
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error('pgbouncer did not start');
      return listening(port);
    },
    { timeoutMs: 30_000 },
  );
  return {
    port,
    stop: () => {
      // runuser passes SIGTERM on to pgbouncer.
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
