import pgConnectionString from 'pg-connection-string';
import { SettingsError } from '../errors.js';

export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The libpq connection parameters aana-store honours; any other is refused, never dropped. */
export const PG_PARAMS = ['host', 'port', 'user', 'password', 'dbname', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout'] as const;
export type PgParam = (typeof PG_PARAMS)[number];
/** The parameters a source gave, as libpq names them. */
export type PgParams = Partial<Record<PgParam, string>>;

function checkNames(names: Iterable<string>, where: string): void {
  for (const name of names) {
    if (!(PG_PARAMS as readonly string[]).includes(name)) {
      throw new SettingsError(`${where}: connection parameter "${name}" is not supported (supported: ${PG_PARAMS.join(', ')})`);
    }
  }
}

/** `key=value` pairs as libpq reads them: values may be single-quoted, with `\'` and `\\` escapes. */
function parseConninfo(text: string, where: string): PgParams {
  const params: Record<string, string> = {};
  const pair = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|((?:[^\s'\\]|\\.)*))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pair.lastIndex = at;
    const match = pair.exec(text);
    // The text may hold a password: the message names only where parsing stopped.
    if (!match) throw new SettingsError(`${where}: not a valid key=value connection string (at character ${at + 1})`);
    params[match[1]] = (match[2] ?? match[3]).replace(/\\(.)/g, '$1');
    at = pair.lastIndex;
  }
  checkNames(Object.keys(params), where);
  return params;
}

function parseUrl(spec: string, where: string): PgParams {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    // The spec may hold a password, so the message shows none of it.
    throw new SettingsError(`${where}: not a valid postgresql:// URL`);
  }
  checkNames(url.searchParams.keys(), where);
  // pg-connection-string reads certificate files as it parses; aana-store reads them when it connects.
  const files: PgParams = {};
  for (const name of ['sslrootcert', 'sslcert', 'sslkey'] as const) {
    const value = url.searchParams.get(name);
    if (value !== null) files[name] = value;
    url.searchParams.delete(name);
  }
  const parsed = pgConnectionString.parse(url.toString()) as unknown as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const params: PgParams = {
    host: text(parsed.host),
    port: text(parsed.port),
    user: text(parsed.user),
    password: text(parsed.password),
    dbname: text(parsed.database) ?? text(parsed.dbname),
    sslmode: text(parsed.sslmode),
    application_name: text(parsed.application_name),
    connect_timeout: text(parsed.connect_timeout),
    ...files,
  };
  if (params.dbname?.includes('/')) throw new SettingsError(`${where}: the database name may not contain "/"`);
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

/** Whether a spec is a PostgreSQL connection string: a URL or libpq `key=value` pairs. */
export function isPostgresSpec(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec) || /^\s*[A-Za-z_]+\s*=/.test(spec);
}

/** Parses a PostgreSQL URL (every libpq form, socket directories in `host=`) or a key=value string. */
export function parsePgSpec(spec: string, where = 'database spec'): PgParams {
  return /^postgres(ql)?:\/\//i.test(spec) ? parseUrl(spec, where) : parseConninfo(spec, where);
}

/** Checks the parameters' values, naming the one at fault (never showing a password). */
export function checkPgParams(params: PgParams, where: string, prefix = ''): void {
  if (params.port !== undefined && !/^\d+$/.test(params.port)) throw new SettingsError(`${where}: ${prefix}port: must be a port number`);
  if (params.port !== undefined && (Number(params.port) < 1 || Number(params.port) > 65535)) throw new SettingsError(`${where}: ${prefix}port: must be between 1 and 65535`);
  if (params.sslmode !== undefined && !(SSL_MODES as readonly string[]).includes(params.sslmode)) {
    throw new SettingsError(`${where}: ${prefix}sslmode: must be one of ${SSL_MODES.join(', ')}, got ${JSON.stringify(params.sslmode)}`);
  }
  if (params.connect_timeout !== undefined && !/^\d+$/.test(params.connect_timeout)) throw new SettingsError(`${where}: ${prefix}connect_timeout: must be a whole number of seconds`);
}
