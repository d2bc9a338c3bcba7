import { type DbSettings, describeDatabase } from '../config/settings.js';
import { SchemaTooNewError } from '../errors.js';
import { MIGRATIONS_TABLE, type StoreEntityManager } from './orm.js';

/**
 * Refuses to write to a database that a newer aana-store has migrated: its schema may have
 * constraints or columns this version would violate or ignore. A database without the migrations
 * table passes here; the write then fails with "run init". Migrations a config file registers count as known.
 */
export async function assertSchemaKnown(em: StoreEntityManager, settings: DbSettings, extensionMigrations: readonly string[] = []): Promise<void> {
  let applied: Array<{ name: string }>;
  try {
    applied = await em.getConnection().execute<Array<{ name: string }>>(`select name from ${em.getPlatform().quoteIdentifier(MIGRATIONS_TABLE)}`);
  } catch {
    return;
  }
  const { migrationsList } = await import('./migrations/index.js');
  const known = new Set([...migrationsList.map((m) => m.name), ...extensionMigrations]);
  const unknown = applied.map((row) => row.name.replace(/\.[cm]?[jt]s$/, '')).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new SchemaTooNewError(describeDatabase(settings), unknown);
}
