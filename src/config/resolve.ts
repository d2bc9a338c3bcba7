import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { parseJson, replicaSettings, resolveAanaConfig } from './aana-config.js';
import { isConfigModule, loadConfigModule, loadedConfigModule, NO_EXTENSIONS, type StoreExtensions } from './config-module.js';
import { type DbSettings, sqliteSettings } from './settings.js';
import { type ResolvedSpec, resolveDbSpec } from './spec.js';

export interface SettingsSources {
  /** The `--db` flag. */
  db?: string;
  /** The `--config` flag. */
  config?: string;
  /** The `--replica` flags. */
  replicas?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export type SettingsOrigin = 'flag --db' | 'env AANA_STORE_DB' | 'env DB_CONFIG' | 'config file' | 'default';

export interface ResolvedSettings {
  settings: DbSettings;
  origin: SettingsOrigin;
  /** The config file that was read, when the origin is a config file. */
  configFile?: string;
  /** Where each setting came from (`flag --db`, `env PGHOST`, `pgpass ~/.pgpass`, …); a setting not here is a default. */
  origins: Record<string, string>;
  /** What the user should know about the settings (a password file ignored), printed once. */
  warnings: string[];
}

/** `$XDG_DATA_HOME/aana-store/aana.db`, or `~/.local/share/aana-store/aana.db` when XDG_DATA_HOME is unset. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'aana-store', 'aana.db');
}

type Found = ResolvedSpec & { origin: SettingsOrigin; configFile?: string; replicas?: string[] };

function findPrimary(sources: SettingsSources, env: NodeJS.ProcessEnv, cwd: string): Found {
  if (sources.db !== undefined) return { ...resolveDbSpec(sources.db, 'flag --db', cwd, env), origin: 'flag --db' };
  if (env.AANA_STORE_DB) return { ...resolveDbSpec(env.AANA_STORE_DB, 'env AANA_STORE_DB', cwd, env), origin: 'env AANA_STORE_DB' };
  if (env.DB_CONFIG) return { ...resolveAanaConfig(parseJson(env.DB_CONFIG, 'DB_CONFIG'), 'DB_CONFIG', cwd, env, 'env DB_CONFIG'), origin: 'env DB_CONFIG' };
  const path = configFilePath(sources);
  const raw = path ? readConfigFile(path) : undefined;
  // A JavaScript config may only add entities, leaving the database to the default.
  if (path && raw !== undefined) return { ...resolveAanaConfig(raw, `config file ${path}`, dirname(path), env), origin: 'config file', configFile: path };
  const settings = sqliteSettings(defaultDatabasePath(env));
  return { settings, origins: {}, warnings: [], origin: 'default' };
}

/** `--replica` flags, else AANA_STORE_REPLICAS (comma-separated), else the source's `replicas`. */
function replicaUrls(sources: SettingsSources, env: NodeJS.ProcessEnv, found: Found): { urls: string[]; origin: string } {
  if (sources.replicas?.length) return { urls: sources.replicas, origin: 'flag --replica' };
  const fromEnv = (env.AANA_STORE_REPLICAS ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  if (fromEnv.length) return { urls: fromEnv, origin: 'env AANA_STORE_REPLICAS' };
  return { urls: found.replicas ?? [], origin: found.origins.type ?? 'config file' };
}

/**
 * Finds the database settings. First match wins for the database:
 * `--db`, `AANA_STORE_DB`, `DB_CONFIG` (Aana's JSON), a config file (`--config` or `AANA_STORE_CONFIG`), the default SQLite file.
 * PostgreSQL parameters the winner leaves out come from `PG*` variables and the password file.
 */
export function resolveSettings(sources: SettingsSources = {}): ResolvedSettings {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const found = findPrimary(sources, env, cwd);
  const origins: Record<string, string> = { ...found.origins };
  if (found.origin !== 'default') origins.type ??= found.origin;
  const { urls, origin } = replicaUrls(sources, env, found);
  let settings: DbSettings = found.settings;
  if (urls.length) {
    if (settings.type !== 'postgresql') throw new SettingsError(`${origin}: replicas need a PostgreSQL database`);
    settings = { ...settings, replicas: replicaSettings(urls, settings, origin, env) };
    origins.replicas = origin;
  }
  return { settings, origin: found.origin, configFile: found.configFile, origins, warnings: found.warnings };
}

/** The config file named by `--config` or AANA_STORE_CONFIG, as an absolute path. */
export function configFilePath(sources: SettingsSources = {}): string | undefined {
  const file = sources.config ?? (sources.env ?? process.env).AANA_STORE_CONFIG;
  return file ? resolve(sources.cwd ?? process.cwd(), file) : undefined;
}

/**
 * The entities and migrations a JavaScript config file adds. They apply whichever source names the
 * database (`--db` with `--config ./aana-store.config.js` uses both). The module must have been
 * loaded (`loadStoreExtensions`); a JSON config adds none.
 */
export function storeExtensions(sources: SettingsSources = {}): StoreExtensions {
  const path = configFilePath(sources);
  return (path && loadedConfigModule(path)?.extensions) || NO_EXTENSIONS;
}

/** Loads the JavaScript config file the sources name, if they name one; then settings resolve synchronously. */
export async function loadStoreExtensions(sources: SettingsSources = {}): Promise<StoreExtensions> {
  const path = configFilePath(sources);
  return path && isConfigModule(path) ? (await loadConfigModule(path)).extensions : NO_EXTENSIONS;
}

/** The file's Aana-shaped settings object; undefined for a JavaScript config that names no database. */
function readConfigFile(path: string): unknown {
  if (isConfigModule(path)) {
    const module = loadedConfigModule(path);
    if (!module) throw new SettingsError(`config file ${path}: a JavaScript config must be loaded first (loadStoreExtensions)`);
    return module.dbConfig;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SettingsError(`config file ${path}: ${code === 'ENOENT' ? 'does not exist' : (error as Error).message}`);
  }
  // Relative SQLite paths in a config file are relative to the file, as a reader of the file would expect.
  return parseJson(text, `config file ${path}`);
}
