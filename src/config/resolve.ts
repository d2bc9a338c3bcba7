import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { parseJsonSettings } from './aana-config.js';
import { isConfigModule, loadConfigModule, loadedConfigModule, NO_EXTENSIONS, type StoreExtensions } from './config-module.js';
import { type DbSettings, sqliteSettings } from './settings.js';
import { parseDbSpec } from './spec.js';

export interface SettingsSources {
  /** The `--db` flag. */
  db?: string;
  /** The `--config` flag. */
  config?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export type SettingsOrigin = 'flag --db' | 'env AANA_STORE_DB' | 'env DB_CONFIG' | 'config file' | 'default';

export interface ResolvedSettings {
  settings: DbSettings;
  origin: SettingsOrigin;
  /** The config file that was read, when the origin is a config file. */
  configFile?: string;
}

/** `$XDG_DATA_HOME/aana-store/aana.db`, or `~/.local/share/aana-store/aana.db` when XDG_DATA_HOME is unset. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'aana-store', 'aana.db');
}

/**
 * Finds the database settings. First match wins:
 * `--db`, `AANA_STORE_DB`, `DB_CONFIG` (Aana's JSON), a config file (`--config` or `AANA_STORE_CONFIG`), the default SQLite file.
 */
export function resolveSettings(sources: SettingsSources = {}): ResolvedSettings {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  if (sources.db !== undefined) return { settings: parseDbSpec(sources.db, cwd), origin: 'flag --db' };
  if (env.AANA_STORE_DB) return { settings: parseDbSpec(env.AANA_STORE_DB, cwd), origin: 'env AANA_STORE_DB' };
  if (env.DB_CONFIG) return { settings: parseJsonSettings(env.DB_CONFIG, 'DB_CONFIG', cwd), origin: 'env DB_CONFIG' };
  const path = configFilePath(sources);
  if (path) {
    const settings = readConfigFile(path);
    // A JavaScript config may only add entities, leaving the database to the default.
    if (settings) return { settings, origin: 'config file', configFile: path };
  }
  return { settings: sqliteSettings(defaultDatabasePath(env)), origin: 'default' };
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

function readConfigFile(path: string): DbSettings | undefined {
  if (isConfigModule(path)) {
    const module = loadedConfigModule(path);
    if (!module) throw new SettingsError(`config file ${path}: a JavaScript config must be loaded first (loadStoreExtensions)`);
    return module.settings;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SettingsError(`config file ${path}: ${code === 'ENOENT' ? 'does not exist' : (error as Error).message}`);
  }
  // Relative SQLite paths in a config file are relative to the file, as a reader of the file would expect.
  return parseJsonSettings(text, `config file ${path}`, dirname(path));
}
