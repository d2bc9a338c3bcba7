import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { parseJson, replicaSettings, resolveAanaConfig } from './aana-config.js';
import { isConfigModule, type LoadedConfigModule, loadConfigModule, NO_EXTENSIONS, type StoreExtensions } from './config-module.js';
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

/** Everything the sources say, read once (per process, or per CLI command) by `loadSettings`. */
export interface LoadedSettings {
  settings: DbSettings;
  /** The source that names the database. */
  origin: SettingsOrigin;
  /** The config file the sources name (`--config`, AANA_STORE_CONFIG), whether or not it names the database. */
  configFile?: string;
  /**
   * Where each setting came from (`flag --db`, `env PGHOST`, `pgpass ~/.pgpass`, …), `database` for
   * the source that names it (`config file /path`); a setting not here is a default.
   */
  origins: Record<string, string>;
  /** The entities and migrations a JavaScript config file adds (whichever source names the database). */
  extensions: StoreExtensions;
  /** What the user should know about the settings (a password file ignored), to print once. */
  warnings: string[];
}

/** `$XDG_DATA_HOME/aana-store/aana.db`, or `~/.local/share/aana-store/aana.db` when XDG_DATA_HOME is unset. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'aana-store', 'aana.db');
}

type Found = ResolvedSpec & { origin: SettingsOrigin; replicas?: string[] };

function findPrimary(sources: SettingsSources, env: NodeJS.ProcessEnv, cwd: string, file: ConfigFile | undefined): Found {
  if (sources.db !== undefined) return { ...resolveDbSpec(sources.db, 'flag --db', cwd, env), origin: 'flag --db' };
  if (env.AANA_STORE_DB) return { ...resolveDbSpec(env.AANA_STORE_DB, 'env AANA_STORE_DB', cwd, env), origin: 'env AANA_STORE_DB' };
  if (env.DB_CONFIG) return { ...resolveAanaConfig(parseJson(env.DB_CONFIG, 'DB_CONFIG'), 'DB_CONFIG', cwd, env, 'env DB_CONFIG'), origin: 'env DB_CONFIG' };
  // A JavaScript config may only add entities, leaving the database to the default.
  const raw = file && (file.module ? file.module.dbConfig : readJsonConfig(file.path));
  if (file && raw !== undefined) return { ...resolveAanaConfig(raw, `config file ${file.path}`, dirname(file.path), env), origin: 'config file' };
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

interface ConfigFile {
  path: string;
  /** A JavaScript config, loaded; a JSON one is read only if it is the source that names the database. */
  module?: LoadedConfigModule;
}

/**
 * Reads the sources once: the database settings, where each came from, and what a JavaScript config
 * file adds. First match wins for the database: `--db`, `AANA_STORE_DB`, `DB_CONFIG` (Aana's JSON),
 * a config file (`--config` or `AANA_STORE_CONFIG`), the default SQLite file. PostgreSQL parameters
 * the winner leaves out come from `PG*` variables and the password file. Its entities and migrations
 * apply whichever source names the database (`--db` with `--config ./aana-store.config.js` uses both).
 */
export async function loadSettings(sources: SettingsSources = {}): Promise<LoadedSettings> {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const configFile = configFilePath(sources);
  const file = configFile ? { path: configFile, module: isConfigModule(configFile) ? await loadConfigModule(configFile) : undefined } : undefined;
  const found = findPrimary(sources, env, cwd, file);
  const origins: Record<string, string> = { ...found.origins };
  if (found.origin !== 'default') {
    origins.type ??= found.origin;
    origins.database = found.origin === 'config file' ? `config file ${configFile}` : found.origin;
  }
  const { urls, origin } = replicaUrls(sources, env, found);
  let settings: DbSettings = found.settings;
  if (urls.length) {
    if (settings.type !== 'postgresql') throw new SettingsError(`${origin}: replicas need a PostgreSQL database`);
    settings = { ...settings, replicas: replicaSettings(urls, settings, origin, env) };
    origins.replicas = origin;
  }
  const extensions = file?.module?.extensions ?? NO_EXTENSIONS;
  return { settings, origin: found.origin, configFile, origins, extensions, warnings: found.warnings };
}

/** The config file named by `--config` or AANA_STORE_CONFIG, as an absolute path. */
export function configFilePath(sources: SettingsSources = {}): string | undefined {
  const file = sources.config ?? (sources.env ?? process.env).AANA_STORE_CONFIG;
  return file ? resolve(sources.cwd ?? process.cwd(), file) : undefined;
}

/** A JSON config file's Aana-shaped settings object. */
function readJsonConfig(path: string): unknown {
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
