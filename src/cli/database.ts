import { type MikroORM, TableNotFoundException } from '@mikro-orm/core';
import type { LoadedSettings } from '../config/resolve.js';
import { translateStoreError } from '../storage/errors.js';
import { type OrmExtras, openOrm, type StoreEntityManager } from '../storage/orm.js';
import { openForReading, readTransaction } from '../storage/pg-read.js';
import { assertSchemaKnown, explainMissingTable } from '../storage/schema-guard.js';
import type { CliIo } from './context.js';

// The half of CommandContext that opens the database: loaded on first use, so that start-up (and a
// command that never opens the database) loads no MikroORM or knex.

/** See `CommandContext.withOrm`. */
export async function withOrm<T>(
  loaded: LoadedSettings,
  readsOnly: boolean,
  io: CliIo,
  work: (orm: MikroORM) => Promise<T>,
  extras: OrmExtras & { create?: boolean },
): Promise<T> {
  const { settings, extensions } = loaded;
  const ormExtras = { ...extras, entities: [...extensions.entities, ...(extras.entities ?? [])], extensionMigrations: extensions.migrations };
  const warn = (message: string) => io.stderr.write(`warning: ${message}\n`);
  const readOnly = readsOnly && !extras.create && !extras.migrations;
  const orm = readOnly ? await openForReading(settings, { ...ormExtras, warn }) : await openOrm(settings, ormExtras);
  try {
    return await work(orm);
  } catch (error) {
    throw translateStoreError(error, settings);
  } finally {
    if (settings.type === 'sqlite' && !readOnly) await checkpoint(orm);
    await orm.close();
  }
}

/**
 * Copies what a writing command committed from SQLite's write-ahead log into the database file,
 * and empties the log. Closing the last connection does so too, but only once every statement of
 * the connection is finalised, and libsql finalises them when they are garbage collected: a
 * command often exits first, leaving its writes in `-wal` alone (a copy of the `.db` file without
 * it would miss them) and the log as large as the command made it (a gigabyte after an import of a
 * million videos). Without a busy timeout the checkpoint waits for no one: while a reader
 * elsewhere still needs the log, it copies what it can and leaves the log as it is.
 */
async function checkpoint(orm: MikroORM): Promise<void> {
  const connection = orm.em.getConnection();
  try {
    await connection.execute('pragma busy_timeout = 0');
    await connection.execute('pragma wal_checkpoint(truncate)');
  } catch {
    // The command's work is done and committed: a checkpoint that cannot run leaves it in the log.
  }
}

/** See `CommandContext.withEntityManager`. */
export async function inUnitOfWork<T>(orm: MikroORM, loaded: LoadedSettings, work: (em: StoreEntityManager) => Promise<T>, { write = false, readsOnly = false } = {}): Promise<T> {
  const em = orm.em.fork() as StoreEntityManager;
  const extensionMigrations = loaded.extensions.migrations.map((m) => m.name);
  if (write) await assertSchemaKnown(em, loaded.settings, extensionMigrations);
  try {
    return await (readsOnly ? readTransaction(em, work) : work(em));
  } catch (error) {
    if (error instanceof TableNotFoundException) throw await explainMissingTable(orm.em.fork() as StoreEntityManager, loaded.settings, extensionMigrations, error);
    throw error;
  }
}
