import { resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import type { PgParams } from './pg-params.js';
import { checkPgParams, PG_PARAMS, parsePgSpec } from './pg-params.js';
import { completePostgres } from './pg-settings.js';
import { checkRanges, type CommonDbSettings, DEFAULT_COMMON, type DbSettings, type PostgresSettings } from './settings.js';
import { checkSqlitePath, type ResolvedSpec } from './spec.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(where: string, name: string, reason: string): SettingsError {
  return new SettingsError(`${where}: ${name}: ${reason}`);
}

function nonNegativeNumber(where: string, obj: Json, key: string, fallback: number): number {
  const value = obj[key];
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw field(where, key, `must be a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}

function requiredString(where: string, obj: Json, key: string, prefix: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') throw field(where, `${prefix}${key}`, 'is required and must be a non-empty string');
  return value;
}

/** Aana names the database `database`; the other keys are libpq's connection parameters. */
function pgParamsOf(config: Json, where: string): PgParams {
  const params: PgParams = {};
  for (const [key, value] of Object.entries(config)) {
    const name = key === 'database' ? 'dbname' : key;
    if (!(PG_PARAMS as readonly string[]).includes(name) || name === 'dbname' && key !== 'database') {
      throw field(where, `datastore_config.${key}`, `is not a setting aana-store honours (it knows ${['database', ...PG_PARAMS.filter((p) => p !== 'dbname')].join(', ')})`);
    }
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' && !(typeof value === 'number' && (name === 'port' || name === 'connect_timeout'))) {
      throw field(where, `datastore_config.${key}`, 'must be a string');
    }
    params[name as keyof PgParams] = String(value);
  }
  checkPgParams(params, where, 'datastore_config.');
  return params;
}

function replicasOf(raw: Json, where: string): string[] {
  const list = raw.replicas ?? [];
  if (!Array.isArray(list) || !list.every((r) => typeof r === 'string' && r !== '')) throw field(where, 'replicas', 'must be a list of PostgreSQL URLs');
  return list as string[];
}

/**
 * Reads settings in the Aana SDK's `DbSettings` JSON shape (the `DB_CONFIG` variable and config files):
 * `{"datastore_type": "sqlite"|"postgresql", "datastore_config": {...}, "pool_size", "query_timeout", "connection_timeout"}`,
 * plus `replicas` (PostgreSQL URLs). `where` names the source in messages and origins; relative SQLite
 * paths resolve against `baseDir`; PostgreSQL parameters left out come from the `PG*` environment.
 */
export function resolveAanaConfig(raw: unknown, where: string, baseDir: string, env: NodeJS.ProcessEnv = process.env, source = where): ResolvedSpec & { replicas: string[] } {
  if (!isObject(raw)) throw new SettingsError(`${where}: must be a JSON object`);
  const common: CommonDbSettings = {
    poolSize: nonNegativeNumber(where, raw, 'pool_size', DEFAULT_COMMON.poolSize),
    queryTimeout: nonNegativeNumber(where, raw, 'query_timeout', DEFAULT_COMMON.queryTimeout),
    connectionTimeout: nonNegativeNumber(where, raw, 'connection_timeout', DEFAULT_COMMON.connectionTimeout),
  };
  checkRanges(common, where);
  const origins: Record<string, string> = { type: source };
  for (const key of ['pool_size', 'query_timeout', 'connection_timeout']) if (raw[key] !== undefined && raw[key] !== null) origins[key] = source;
  const type = raw.datastore_type ?? 'sqlite';
  const config = raw.datastore_config ?? {};
  if (!isObject(config)) throw field(where, 'datastore_config', 'must be an object');
  if (typeof type !== 'string') throw field(where, 'datastore_type', 'must be "sqlite" or "postgresql"');
  const replicas = replicasOf(raw, where);
  switch (type.toLowerCase()) {
    case 'sqlite': {
      const path = checkSqlitePath(resolve(baseDir, requiredString(where, config, 'path', 'datastore_config.')), where);
      return { settings: { type: 'sqlite', path, ...common }, origins: { ...origins, path: source }, warnings: [], replicas };
    }
    case 'postgresql':
    case 'postgres': {
      const resolved = completePostgres(pgParamsOf(config, where), source, common, env);
      return { ...resolved, origins: { ...origins, ...resolved.origins }, replicas };
    }
    default:
      throw field(where, 'datastore_type', `must be "sqlite" or "postgresql", got ${JSON.stringify(type)}`);
  }
}

/** The settings of an Aana-shaped config (see `resolveAanaConfig`). */
export function settingsFromAanaConfig(raw: unknown, where: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): DbSettings {
  return resolveAanaConfig(raw, where, baseDir, env).settings;
}

/**
 * Parses JSON text, naming the source when it is not JSON. The parser's own message quotes the text
 * around the fault, which may be a password: only the line and column are kept.
 */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    if (!position) throw new SettingsError(`${where}: not valid JSON`);
    const before = text.slice(0, Number(position[1])).split('\n');
    throw new SettingsError(`${where}: not valid JSON (line ${before.length}, column ${before[before.length - 1].length + 1})`);
  }
}

/** Parses JSON settings text (see `resolveAanaConfig`). */
export function parseJsonSettings(text: string, where: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): DbSettings {
  return settingsFromAanaConfig(parseJson(text, where), where, baseDir, env);
}

/** The replica settings: each URL completed like the primary, with the primary's common settings. */
export function replicaSettings(urls: string[], primary: PostgresSettings, where: string, env: NodeJS.ProcessEnv): PostgresSettings[] {
  return urls.map((url, i) => {
    const common = { poolSize: primary.poolSize, queryTimeout: primary.queryTimeout, connectionTimeout: primary.connectionTimeout };
    const given = parsePgSpec(url, `${where}: replica ${i + 1}`);
    // What a replica URL leaves out is the primary's (database, user, password, TLS), not the defaults.
    const inherited: PgParams = { dbname: primary.database, user: primary.user, password: primary.password, sslmode: primary.sslmode, sslrootcert: primary.sslrootcert, sslcert: primary.sslcert, sslkey: primary.sslkey, application_name: primary.applicationName };
    const merged = Object.fromEntries(Object.entries({ ...inherited, ...given }).filter(([, v]) => v !== undefined)) as PgParams;
    return completePostgres(merged, `${where}: replica ${i + 1}`, common, env).settings;
  });
}
