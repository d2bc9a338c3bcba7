import { mikroOrmCliConfig } from 'aana-store';

/**
 * The MikroORM CLI's config (`npm run migration:create`, `npm run migration:up`): aana-store's
 * entities and migrations plus this project's, on the database aana-store.config.js names.
 */
export default () =>
  mikroOrmCliConfig({
    config: process.env.AANA_STORE_CONFIG ?? 'aana-store.config.js',
    migrationsPath: 'dist/src/migrations',
    migrationsPathTs: 'src/migrations',
  });
