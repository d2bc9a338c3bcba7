import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs the server binaries of its (single) PostgreSQL version. */
export function serverBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  const bin = version && join(root, version, 'bin');
  return bin && existsSync(join(bin, 'initdb')) ? bin : undefined;
}

/**
 * PostgreSQL (and PgBouncer) refuse to run as root: as root, servers run as the `postgres` user
 * (uid and gid looked up).
 */
export function serverOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  return Number.isInteger(uid) && uid > 0 ? { uid, gid: id('-g') } : undefined;
}

export const canStartClusters = Boolean(serverBin()) && (process.getuid?.() !== 0 || serverOwner() !== undefined);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runAsOwner(args: string[]) {
  return serverOwner() ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' }) : spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
}

/** Runs a server binary as the cluster's owner; throws with its stderr when it fails. */
export function asOwner(args: string[]): string {
  const result = runAsOwner(args);
  if (result.status !== 0) throw new Error(`${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

export interface ClusterOptions {
  /** The superuser's password (scram-sha-256 for TCP); without one every connection is trusted. */
  password?: string;
  /** postgresql.conf lines (`ssl = on`, …). */
  conf?: string[];
  /** pg_hba.conf, replacing initdb's. */
  hba?: string[];
  /** Files written into the data folder, owned by the server, mode 0600 (certificates, keys). */
  files?: Record<string, string>;
  /** Make this cluster a streaming replica of the one on this port (pg_basebackup -R) instead of initdb. */
  replicaOf?: number;
}

export interface Cluster {
  port: number;
  /** The folder of the cluster: its socket, log and data. */
  dir: string;
  /** Runs SQL through psql over the socket as the superuser; returns psql's unaligned output. */
  psql(sql: string, database?: string): string;
  log(): string;
  start(): void;
  /** Stops the server (fast shutdown); the folder stays until `remove`. */
  stop(): void;
  /** Stops it and removes its folder. */
  remove(): void;
}

/**
 * A private PostgreSQL cluster on a loopback port of its own, in a temporary folder: for the tests
 * that need a server configured otherwise than the machine's (passwords, TLS, replicas).
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = serverBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  const owner = serverOwner();
  const dir = mkdtempSync(join(tmpdir(), 'aana-store-pg-'));
  const own = (path: string) => owner && chownSync(path, owner.uid, owner.gid);
  own(dir);
  const data = join(dir, 'data');
  if (options.replicaOf) {
    asOwner([join(bin, 'pg_basebackup'), '-h', '127.0.0.1', '-p', String(options.replicaOf), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--no-sync']);
  } else {
    const args = [join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--no-sync', '--auth-local=trust'];
    if (options.password) {
      const pwfile = join(dir, 'pw');
      writeFileSync(pwfile, `${options.password}\n`);
      own(pwfile);
      args.push('--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
    } else args.push('--auth-host=trust');
    asOwner(args);
  }
  for (const [name, text] of Object.entries(options.files ?? {})) {
    const path = join(data, name);
    writeFileSync(path, text);
    chmodSync(path, 0o600);
    own(path);
  }
  if (options.hba) writeFileSync(join(data, 'pg_hba.conf'), `${options.hba.join('\n')}\n`);
  const port = await freePort();
  appendFileSync(join(data, 'postgresql.conf'), `${[`port = ${port}`, `unix_socket_directories = '${dir}'`, "listen_addresses = '127.0.0.1'", 'fsync = off', ...(options.conf ?? [])].join('\n')}\n`);
  const logFile = join(dir, 'log');
  const start = () => asOwner([join(bin, 'pg_ctl'), '-D', data, '-w', '-t', '60', '-l', logFile, 'start']);
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) runAsOwner([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
  };
  start();
  return {
    port,
    dir,
    psql: (sql, database = 'postgres') => asOwner([join(bin, 'psql'), '-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql]),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    start,
    stop,
    remove: () => {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
