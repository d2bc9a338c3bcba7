import type { Options } from '@mikro-orm/core';
import { resolveSettings } from './src/config/resolve.js';
import { createOrmOptions } from './src/storage/orm.js';

/**
 * The MikroORM CLI's config (`npx mikro-orm debug`, `npx mikro-orm migration:create`), built from the
 * settings aana-store itself resolves: AANA_STORE_DB, DB_CONFIG, AANA_STORE_CONFIG or the default file.
 * New migrations are written as TypeScript beside the existing ones; list them in migrations/index.ts.
 */
export default async function mikroOrmConfig(): Promise<Options> {
  const options = await createOrmOptions(resolveSettings().settings, { migrations: true });
  return {
    ...options,
    migrations: { ...options.migrations, path: 'src/storage/migrations', pathTs: 'src/storage/migrations', emit: 'ts' },
  };
}
