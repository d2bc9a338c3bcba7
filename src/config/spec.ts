import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { isPostgresSpec, parsePgSpec } from './pg-params.js';
import { completePostgres, type ResolvedPostgres } from './pg-settings.js';
import { DEFAULT_COMMON, type DbSettings, type SqliteSettings, sqliteSettings } from './settings.js';

/**
 * A SQLite path that can hold a database: an existing regular file or a name not taken yet. A device
 * (`/dev/null`), a directory or `:memory:` would be opened as something else, or create stray files.
 */
export function checkSqlitePath(path: string, where: string): string {
  if (basename(path) === ':memory:') throw new SettingsError(`${where}: in-memory SQLite databases are not supported by a CLI that exits; give a file path`);
  let kind: string | undefined;
  try {
    const stat = statSync(path);
    kind = stat.isFile() ? undefined : stat.isDirectory() ? 'a directory' : 'not a regular file';
  } catch {
    // Not there yet: init creates it.
  }
  if (kind) throw new SettingsError(`${where}: ${path} is ${kind}, not a SQLite database file`);
  return path;
}

function sqliteSpec(spec: string, cwd: string): SqliteSettings {
  let path = spec;
  if (/^sqlite:/i.test(spec)) {
    path = spec.slice('sqlite:'.length);
    // sqlite:///abs/path is the SQLAlchemy form; sqlite://rel/path has no meaning, so refuse it.
    if (path.startsWith('///')) path = path.slice(2);
    else if (path.startsWith('//')) throw new SettingsError(`database spec: "${spec}": use sqlite:///absolute/path or sqlite:relative/path`);
    if (!path) throw new SettingsError(`database spec: "${spec}": the SQLite path is empty`);
  }
  return sqliteSettings(checkSqlitePath(resolve(cwd, path), 'database spec'));
}

export interface ResolvedSpec {
  settings: DbSettings;
  /** Where each setting came from; a setting not here is a default. */
  origins: Record<string, string>;
  warnings: string[];
}

/**
 * Reads a `--db` / `AANA_STORE_DB` spec: `sqlite:<path>`, `sqlite:///abs/path`, a plain file path, a
 * PostgreSQL URL in any libpq form, or libpq `key=value` pairs. PostgreSQL parameters the spec leaves
 * out come from the `PG*` environment, the password file and the defaults. `source` names the spec in origins.
 */
export function resolveDbSpec(spec: string, source: string, cwd: string, env: NodeJS.ProcessEnv): ResolvedSpec {
  const pg = (resolved: ResolvedPostgres): ResolvedSpec => ({ ...resolved, origins: { type: source, ...resolved.origins } });
  if (!spec.trim()) throw new SettingsError('database spec: is empty');
  // A path with surrounding spaces names another file than the one meant: refuse rather than guess.
  if (spec !== spec.trim()) throw new SettingsError('database spec: has leading or trailing spaces; remove them');
  if (isPostgresSpec(spec)) return pg(completePostgres(parsePgSpec(spec), source, DEFAULT_COMMON, env));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec) && !/^sqlite:/i.test(spec)) {
    const scheme = spec.slice(0, spec.indexOf(':'));
    throw new SettingsError(`database spec: unsupported scheme "${scheme}" (use sqlite: or postgresql://)`);
  }
  return { settings: sqliteSpec(spec, cwd), origins: { type: source, path: source }, warnings: [] };
}

/** The settings a spec names (see `resolveDbSpec`). */
export function parseDbSpec(spec: string, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): DbSettings {
  return resolveDbSpec(spec, 'database spec', cwd, env).settings;
}
