import type { Options } from '@mikro-orm/core';
import { loadSettings } from '../config/resolve.js';
import { createOrmOptions } from './orm.js';

export interface MikroOrmCliConfigOptions {
  /** An aana-store config file; a JavaScript one adds its entities and migrations. Default: AANA_STORE_CONFIG. */
  config?: string;
  /** Where built migrations are (and where `migration:create` writes when not emitting TypeScript). */
  migrationsPath: string;
  /** Where `migration:create` writes TypeScript migrations. */
  migrationsPathTs?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * A config for the MikroORM CLI (`mikro-orm migration:create`, `migration:up`, `debug`) built from
 * the settings aana-store itself resolves (AANA_STORE_DB, DB_CONFIG, the config file, the default),
 * with aana-store's entities and migrations followed by those of the config file.
 */
export async function mikroOrmCliConfig(options: MikroOrmCliConfigOptions): Promise<Options> {
  const { settings, extensions } = await loadSettings({ config: options.config, env: options.env, cwd: options.cwd });
  const orm = await createOrmOptions(settings, {
    entities: extensions.entities,
    migrations: true,
    extensionMigrations: extensions.migrations,
  });
  const pathTs = options.migrationsPathTs ?? options.migrationsPath;
  return { ...orm, migrations: { ...orm.migrations, path: options.migrationsPath, pathTs, emit: 'ts' } };
}
