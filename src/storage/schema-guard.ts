import { type DbSettings, describeDatabase } from '../config/settings.js';
import { AanaStoreError, ExitCode, PendingMigrationsError, SchemaMissingError, SchemaTooNewError } from '../errors.js';
import { appliedMigrations, knownMigrations, missingSearchObjects, pendingMigrations, searchIndexText } from './diagnostics.js';
import type { StoreEntityManager } from './orm.js';

/**
 * Refuses to write to a database that a newer aana-store has migrated: its schema may have
 * constraints or columns this version would violate or ignore. A database without the migrations
 * table passes here; the write then fails with "run init". Migrations a config file registers count as known.
 */
export async function assertSchemaKnown(em: StoreEntityManager, settings: DbSettings, extensionMigrations: readonly string[] = []): Promise<void> {
  const applied = await appliedMigrations(em);
  if (applied === null) return;
  const known = new Set([...(await knownMigrations()), ...extensionMigrations]);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new SchemaTooNewError(describeDatabase(settings), unknown);
}

/**
 * Why a table a command needed is missing: migrations still to apply (after `migrate down`), a
 * damaged search index, or no aana-store schema at all.
 */
export async function explainMissingTable(em: StoreEntityManager, settings: DbSettings, extensionMigrations: readonly string[], cause: unknown): Promise<unknown> {
  const where = describeDatabase(settings);
  const pending = await pendingMigrations(em, extensionMigrations);
  if (pending === null) return new SchemaMissingError(where);
  if (pending.length > 0) return new PendingMigrationsError(where, pending);
  const missing = await missingSearchObjects(em);
  if (missing.length > 0) return new AanaStoreError(`${where}: ${await searchIndexText(missing)}`, ExitCode.runtime, { cause });
  return cause;
}
