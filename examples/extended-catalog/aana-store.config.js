// aana-store's config for this project: the database (Aana's DB_CONFIG keys), plus the entities and
// migrations this project adds. `aana-store --config ./aana-store.config.js video list` reads it, and
// so does mikro-orm.config.ts. It is JavaScript, so it can read the environment.
import { entities } from './dist/src/entities/index.js';

export default {
  datastore_type: 'sqlite',
  datastore_config: { path: process.env.CATALOG_DB ?? './catalog.db' },
  entities,
  // Built migrations, run after aana-store's own (the MikroORM CLI writes them to src/migrations).
  migrations: './dist/src/migrations',
};
