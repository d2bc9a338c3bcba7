import { resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { type CommonDbSettings, DEFAULT_COMMON, type DbSettings } from './settings.js';

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

/**
 * Reads settings in the Aana SDK's `DbSettings` JSON shape (the `DB_CONFIG` variable and config files):
 * `{"datastore_type": "sqlite"|"postgresql", "datastore_config": {...}, "pool_size", "query_timeout", "connection_timeout"}`.
 * `where` names the source in error messages; relative SQLite paths resolve against `baseDir`.
 */
export function settingsFromAanaConfig(raw: unknown, where: string, baseDir: string): DbSettings {
  if (!isObject(raw)) throw new SettingsError(`${where}: must be a JSON object`);
  const common: CommonDbSettings = {
    poolSize: nonNegativeNumber(where, raw, 'pool_size', DEFAULT_COMMON.poolSize),
    queryTimeout: nonNegativeNumber(where, raw, 'query_timeout', DEFAULT_COMMON.queryTimeout),
    connectionTimeout: nonNegativeNumber(where, raw, 'connection_timeout', DEFAULT_COMMON.connectionTimeout),
  };
  const type = raw.datastore_type ?? 'sqlite';
  const config = raw.datastore_config ?? {};
  if (!isObject(config)) throw field(where, 'datastore_config', 'must be an object');
  if (typeof type !== 'string') throw field(where, 'datastore_type', 'must be "sqlite" or "postgresql"');
  switch (type.toLowerCase()) {
    case 'sqlite':
      return { type: 'sqlite', path: resolve(baseDir, requiredString(where, config, 'path', 'datastore_config.')), ...common };
    case 'postgresql':
    case 'postgres': {
      const port = nonNegativeNumber(where, config, 'port', 5432);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw field(where, 'datastore_config.port', `must be a port number, got ${JSON.stringify(config.port)}`);
      const password = config.password;
      if (password !== undefined && password !== null && typeof password !== 'string') throw field(where, 'datastore_config.password', 'must be a string');
      return {
        type: 'postgresql',
        host: requiredString(where, config, 'host', 'datastore_config.'),
        port,
        user: requiredString(where, config, 'user', 'datastore_config.'),
        password: password || undefined,
        database: requiredString(where, config, 'database', 'datastore_config.'),
        ...common,
      };
    }
    default:
      throw field(where, 'datastore_type', `must be "sqlite" or "postgresql", got ${JSON.stringify(type)}`);
  }
}

/** Parses JSON text, naming the source when it is not JSON. */
export function parseJsonSettings(text: string, where: string, baseDir: string): DbSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  return settingsFromAanaConfig(raw, where, baseDir);
}
