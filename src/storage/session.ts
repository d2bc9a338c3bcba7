import type { MikroORM } from '@mikro-orm/core';
import { loadSettings } from '../config/resolve.js';
import { type DbSettings, redactedUrl } from '../config/settings.js';
import { type OrmExtras, openOrm, type StoreEntityManager } from './orm.js';

const opened = new Map<string, Promise<MikroORM>>();

function keyOf(settings: DbSettings): string {
  return JSON.stringify([redactedUrl(settings), settings.type === 'postgresql' ? settings.password : undefined]);
}

/**
 * Aana's `get_session`: a fresh unit of work (a forked EntityManager) on the database the settings
 * name, or on the one resolved from the environment (`AANA_STORE_DB`, `DB_CONFIG`, …, with the
 * entities of a JavaScript `AANA_STORE_CONFIG`). The ORM behind it is opened once per database and
 * process; `closeSessions()` releases them all.
 */
export async function getSession(settings?: DbSettings, extras?: OrmExtras): Promise<StoreEntityManager> {
  let resolved = settings;
  if (!resolved) {
    const loaded = await loadSettings();
    resolved = loaded.settings;
    extras = { ...extras, entities: [...loaded.extensions.entities, ...(extras?.entities ?? [])], extensionMigrations: loaded.extensions.migrations };
  }
  const key = keyOf(resolved);
  let orm = opened.get(key);
  if (!orm) {
    orm = openOrm(resolved, extras);
    opened.set(key, orm);
    orm.catch(() => opened.delete(key));
  }
  return (await orm).em.fork() as StoreEntityManager;
}

export async function closeSessions(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  await Promise.all(all.map(async (orm) => (await orm).close()));
}
