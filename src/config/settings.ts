import { SettingsError } from '../errors.js';
import type { SslMode } from './pg-params.js';

/** Where the database is and how to talk to it; the TypeScript twin of Aana's `DbSettings`. */
export interface CommonDbSettings {
  /** Connections kept in the pool (PostgreSQL; SQLite always uses one). */
  poolSize: number;
  /** Seconds a statement may run before the server cancels it; 0 for none (PostgreSQL). */
  queryTimeout: number;
  /** Seconds to wait for a connection. */
  connectionTimeout: number;
}

export interface SqliteSettings extends CommonDbSettings {
  type: 'sqlite';
  path: string;
}

export interface PostgresSettings extends CommonDbSettings {
  type: 'postgresql';
  /** A host name, an address, or a Unix socket directory (starts with `/`). */
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** libpq's meanings; unset is `prefer`. */
  sslmode?: SslMode;
  /** CA certificate file that verify-ca / verify-full check the server against. */
  sslrootcert?: string;
  /** Client certificate and its key, for certificate login. */
  sslcert?: string;
  sslkey?: string;
  /** What a DBA sees in pg_stat_activity; `aana-store/<version>` unless set. */
  applicationName?: string;
  /** Read-only commands read from these (same database, user and TLS settings). */
  replicas?: PostgresSettings[];
}

export type DbSettings = SqliteSettings | PostgresSettings;

/** Aana's defaults: pool_size 5, query_timeout 30, connection_timeout 10. */
export const DEFAULT_COMMON: CommonDbSettings = {
  poolSize: 5,
  queryTimeout: 30,
  connectionTimeout: 10,
};

/** Node's timers and PostgreSQL's statement_timeout both stop at 2^31-1 milliseconds. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
export const MAX_POOL_SIZE = 1000;

/** Refuses timeouts and pool sizes the driver cannot honour, naming the setting and its range. */
export function checkRanges(common: CommonDbSettings, where: string): void {
  const ranges: Array<[keyof CommonDbSettings, string, number]> = [
    ['connectionTimeout', 'connection_timeout', MAX_TIMEOUT_SECONDS],
    ['queryTimeout', 'query_timeout', MAX_TIMEOUT_SECONDS],
    ['poolSize', 'pool_size', MAX_POOL_SIZE],
  ];
  for (const [key, name, max] of ranges) {
    const value = common[key];
    if (!(value >= 0 && value <= max)) throw new SettingsError(`${where}: ${name}: must be between 0 and ${max}, got ${value}`);
  }
}

export function sqliteSettings(path: string, common: Partial<CommonDbSettings> = {}): SqliteSettings {
  return { type: 'sqlite', path, ...DEFAULT_COMMON, ...common };
}

/** A one-line description of the database, never with the password. */
export function describeDatabase(settings: DbSettings): string {
  if (settings.type === 'sqlite') return `SQLite database ${settings.path}`;
  const at = settings.host.startsWith('/') ? `socket ${settings.host}/.s.PGSQL.${settings.port}` : `${settings.host}:${settings.port}`;
  return `PostgreSQL database "${settings.database}" at ${at} as ${settings.user}`;
}

/** The settings as a connection URL with the password replaced by `***`. */
export function redactedUrl(settings: DbSettings): string {
  if (settings.type === 'sqlite') return `sqlite:${settings.path}`;
  const auth = encodeURIComponent(settings.user) + (settings.password ? ':***' : '');
  const socket = settings.host.startsWith('/');
  const query = new URLSearchParams(socket ? { host: settings.host } : {});
  if (settings.sslmode && settings.sslmode !== 'prefer') query.set('sslmode', settings.sslmode);
  const tail = query.size ? `?${query.toString()}` : '';
  const host = socket ? '' : settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `postgresql://${auth}@${host}:${settings.port}/${encodeURIComponent(settings.database)}${tail}`;
}

/**
 * Replaces the password FIELDS of whatever connection text a message may quote: a URL's
 * `user:password@`, a libpq `password=…` pair, a JSON `"password": "…"` key. It never searches for
 * the password's text, so a short password or one equal to the user name cannot garble a message.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/?#]*@/gi, '$1:***@')
    .replace(/\b(password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)/gi, '$1***')
    .replace(/("password"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\s]*)/gi, '$1"***"');
}
