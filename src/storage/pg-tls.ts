import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { describeDatabase, type PostgresSettings } from '../config/settings.js';
import { ConnectionError, SettingsError } from '../errors.js';

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SettingsError(`${what} ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Asks the server whether it speaks TLS (the SSLRequest packet), as libpq's `prefer` does before logging in. */
export function serverOffersTls(host: string, port: number, timeoutMs: number): Promise<boolean | 'timeout'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: boolean | 'timeout') => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    // Refused or reset: the connection itself will report it.
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const request = Buffer.alloc(8);
      request.writeInt32BE(8, 0);
      request.writeInt32BE(80877103, 4);
      socket.write(request);
    });
    socket.once('data', (data) => done(data[0] === 0x53));
  });
}

/**
 * node-postgres TLS options with libpq's sslmode meanings: `disable` plain; `prefer` TLS when the
 * server offers it, unverified; `require` TLS, unverified (verified against sslrootcert as verify-ca
 * when one is given, as libpq does); `verify-ca` the certificate chains to sslrootcert; `verify-full`
 * and its name is the host's. Unix sockets never use TLS. The CA and client certificate default to
 * libpq's `~/.postgresql/root.crt` and `postgresql.crt`/`.key`.
 */
export async function pgTlsOptions(settings: PostgresSettings, env: NodeJS.ProcessEnv = process.env): Promise<ConnectionOptions | false> {
  const mode = settings.sslmode ?? 'prefer';
  if (mode === 'disable' || settings.host.startsWith('/')) return false;
  const home = join(env.HOME || homedir(), '.postgresql');
  const certFile = settings.sslcert ?? (existsSync(join(home, 'postgresql.crt')) ? join(home, 'postgresql.crt') : undefined);
  const keyFile = settings.sslkey ?? (certFile && !settings.sslcert ? join(home, 'postgresql.key') : undefined);
  const client = certFile && keyFile ? { cert: read(certFile, 'sslcert'), key: read(keyFile, 'sslkey') } : {};
  const rootFile = settings.sslrootcert ?? (existsSync(join(home, 'root.crt')) ? join(home, 'root.crt') : undefined);
  const verify = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && settings.sslrootcert !== undefined);
  if (!verify) {
    if (mode === 'prefer') {
      const offered = await serverOffersTls(settings.host, settings.port, Math.max(1, settings.connectionTimeout) * 1000);
      if (offered === 'timeout') throw new ConnectionError(`cannot open ${describeDatabase(settings)}: no answer within ${settings.connectionTimeout} s (connection_timeout)`);
      if (!offered) return false;
    }
    return { rejectUnauthorized: false, ...client };
  }
  if (!rootFile) throw new SettingsError(`sslmode ${mode}: needs the CA certificate (sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt)`);
  const ca = read(rootFile, 'sslrootcert');
  if (mode === 'verify-full') return { ca, rejectUnauthorized: true, servername: settings.host, ...client };
  return { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined, ...client };
}
