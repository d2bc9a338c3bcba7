import { mikroOrmCliConfig } from './src/storage/cli-config.js';

/**
 * The MikroORM CLI's config (`npx mikro-orm debug`, `npx mikro-orm migration:create`), built from the
 * settings aana-store itself resolves: AANA_STORE_DB, DB_CONFIG, AANA_STORE_CONFIG or the default file.
 * aana-store's own migrations come from `npm run migration:create` (both databases at once; docs/migrations.md).
 */
export default () => mikroOrmCliConfig({ migrationsPath: 'src/storage/migrations' });
