import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EntityClass, EntitySchema, MigrationObject } from '@mikro-orm/core';
import { SettingsError } from '../errors.js';

/** What a JavaScript config file adds to the store: entities of its own and the migrations that create their tables. */
export interface StoreExtensions {
  entities: Array<EntityClass<object> | EntitySchema>;
  /** Run after aana-store's own migrations, in this order. */
  migrations: MigrationObject[];
}

/**
 * The default export of an `aana-store.config.js` / `.mjs`: the keys of Aana's `DB_CONFIG` (all
 * optional: without `datastore_type`/`datastore_config` the database comes from the other sources),
 * plus `entities` and `migrations` (an array of `{ name, class }`, or a folder of built migration
 * files, relative to the config file). It may also export a function returning this, or a promise.
 */
export interface StoreConfigModule {
  datastore_type?: string;
  datastore_config?: Record<string, unknown>;
  pool_size?: number;
  query_timeout?: number;
  connection_timeout?: number;
  entities?: StoreExtensions['entities'];
  migrations?: MigrationObject[] | string;
}

export interface LoadedConfigModule {
  path: string;
  /** The module's Aana-shaped database keys, if it names a database (resolved with the environment later). */
  dbConfig?: Record<string, unknown>;
  extensions: StoreExtensions;
}

export const NO_EXTENSIONS: StoreExtensions = { entities: [], migrations: [] };

/** Config files with these extensions are JavaScript modules; any other is JSON. */
export function isConfigModule(path: string): boolean {
  return ['.js', '.mjs'].includes(extname(path).toLowerCase());
}

function isEntity(value: unknown): value is EntityClass<object> | EntitySchema {
  return typeof value === 'function' || (typeof value === 'object' && value !== null && 'meta' in value);
}

async function importModule(path: string, where: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(`'${path}'`)) throw new SettingsError(`${where}: does not exist`);
    throw new SettingsError(`${where}: cannot load it: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Built migration files in a folder (`*.js`), in name order; each file's exported class is the
 * migration. A folder not there yet holds none (before the first `migration:create`).
 */
async function migrationsIn(folder: string, where: string): Promise<MigrationObject[]> {
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => /\.m?js$/.test(file)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SettingsError(`${where}: migrations: cannot read folder ${folder}: ${(error as Error).message}`);
  }
  const found: MigrationObject[] = [];
  for (const file of files) {
    const exported = Object.values(await importModule(join(folder, file), `${where}: migrations: ${file}`));
    const migrationClass = exported.find((value) => typeof value === 'function');
    if (!migrationClass) throw new SettingsError(`${where}: migrations: ${file} exports no migration class`);
    found.push({ name: basename(file, extname(file)), class: migrationClass as MigrationObject['class'] });
  }
  return found;
}

async function extensionsOf(raw: Record<string, unknown>, where: string, baseDir: string): Promise<StoreExtensions> {
  const entities = raw.entities ?? [];
  if (!Array.isArray(entities) || !entities.every(isEntity)) throw new SettingsError(`${where}: entities: must be an array of entity classes`);
  const migrations = raw.migrations ?? [];
  if (typeof migrations === 'string') return { entities, migrations: await migrationsIn(resolve(baseDir, migrations), where) };
  const valid = (m: unknown) => typeof m === 'object' && m !== null && typeof (m as MigrationObject).name === 'string' && typeof (m as MigrationObject).class === 'function';
  if (!Array.isArray(migrations) || !migrations.every(valid)) {
    throw new SettingsError(`${where}: migrations: must be a folder of built migrations or an array of { name, class }`);
  }
  return { entities, migrations: migrations as MigrationObject[] };
}

/**
 * Loads a JavaScript config file: its database, if it names one, and its extensions. Relative paths
 * inside it resolve against the file's folder. `loadSettings` calls it; call that instead.
 */
export async function loadConfigModule(file: string): Promise<LoadedConfigModule> {
  const path = resolve(file);
  const where = `config file ${path}`;
  const module = await importModule(path, where);
  let raw: unknown = module.default;
  if (typeof raw === 'function') {
    try {
      raw = await (raw as () => unknown)();
    } catch (error) {
      // A fault in the config, whether it throws on import or in its exported function, is a usage error.
      throw new SettingsError(`${where}: its exported function failed: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SettingsError(`${where}: must export a config object as default`);
  const { entities, migrations, ...dbConfig } = raw as Record<string, unknown>;
  const baseDir = dirname(path);
  const names = 'datastore_type' in dbConfig || 'datastore_config' in dbConfig;
  return { path, dbConfig: names ? dbConfig : undefined, extensions: await extensionsOf({ entities, migrations }, where, baseDir) };
}
