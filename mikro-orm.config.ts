import { mikroOrmCliConfig } from './src/storage/cli-config.js';

/**
 * The MikroORM CLI's config (`npx mikro-orm debug`, `npx mikro-orm migration:create`), built from the
 * settings aana-store itself resolves: AANA_STORE_DB, DB_CONFIG, AANA_STORE_CONFIG or the default file.
 * New migrations are written as TypeScript beside the existing ones; list them in migrations/index.ts.
 */
export default () => mikroOrmCliConfig({ migrationsPath: 'src/storage/migrations' });
