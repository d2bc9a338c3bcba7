import { resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { DEFAULT_COMMON, type DbSettings, sqliteSettings } from './settings.js';

/**
 * Parses a `--db` / `AANA_STORE_DB` spec: `sqlite:<path>`, `sqlite:///abs/path`, a plain file path,
 * or `postgres://` / `postgresql://user:pass@host:port/db`. Relative paths resolve against `cwd`.
 */
export function parseDbSpec(spec: string, cwd: string = process.cwd()): DbSettings {
  const trimmed = spec.trim();
  if (!trimmed) throw new SettingsError('database spec: is empty');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parsePostgresUrl(trimmed);
  if (/^sqlite:/i.test(trimmed)) {
    let path = trimmed.slice('sqlite:'.length);
    // sqlite:///abs/path is the SQLAlchemy form; sqlite://rel/path has no meaning, so refuse it.
    if (path.startsWith('///')) path = path.slice(2);
    else if (path.startsWith('//')) throw new SettingsError(`database spec: "${spec}": use sqlite:///absolute/path or sqlite:relative/path`);
    if (!path) throw new SettingsError(`database spec: "${spec}": the SQLite path is empty`);
    return sqliteSettings(resolve(cwd, path));
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const scheme = trimmed.slice(0, trimmed.indexOf(':'));
    throw new SettingsError(`database spec: unsupported scheme "${scheme}" (use sqlite: or postgresql://)`);
  }
  return sqliteSettings(resolve(cwd, trimmed));
}

function parsePostgresUrl(spec: string): DbSettings {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    // The spec may hold a password, so the message shows only its scheme.
    throw new SettingsError('database spec: not a valid postgresql:// URL');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname) throw new SettingsError('database spec: the PostgreSQL URL has no host');
  if (!database) throw new SettingsError('database spec: the PostgreSQL URL has no database name (postgresql://user@host:port/DB)');
  if (database.includes('/')) throw new SettingsError('database spec: the database name may not contain "/"');
  const port = url.port ? Number(url.port) : 5432;
  return {
    type: 'postgresql',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: url.username ? decodeURIComponent(url.username) : 'postgres',
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    ...DEFAULT_COMMON,
  };
}
