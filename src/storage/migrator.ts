import type { MigrationObject, MikroORM, Transaction } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import type { Migration, Migrator } from '@mikro-orm/migrations';
import { adoptExistingSchema, assertRevertible } from './adoption.js';
import { isSqlitePlatform } from './platform.js';

export interface MigrationStatus {
  applied: Array<{ name: string; executed_at: string | null }>;
  pending: Array<{ name: string }>;
}

export interface MigrationRun {
  /** Migrations applied (or, with dryRun, that would be) in order. */
  migrations: string[];
  /** With dryRun, the SQL each would run, in order. */
  sql: string[];
  /** Migrations recorded as applied without running, because their tables already exist (an Aana SDK database). */
  adopted?: string[];
}

function migratorOf(orm: MikroORM): Migrator {
  return orm.getMigrator<Migrator>();
}

function knownMigrations(orm: MikroORM): MigrationObject[] {
  return (orm.config.get('migrations').migrationsList ?? []).filter((m): m is MigrationObject => 'name' in m);
}

export async function migrationStatus(orm: MikroORM): Promise<MigrationStatus> {
  const migrator = migratorOf(orm);
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return {
    applied: executed.map((row) => ({ name: row.name, executed_at: row.executed_at ? new Date(row.executed_at).toISOString() : null })),
    pending: pending.map((m) => ({ name: m.name })),
  };
}

/** The SQL a migration runs, without running it. */
function sqlOf(orm: MikroORM, name: string, direction: 'up' | 'down'): Promise<string[]> {
  const known = knownMigrations(orm).find((m) => m.name === name);
  if (!known) throw new Error(`migration ${name} is not known to this version of aana-store`);
  const MigrationClass = known.class as unknown as new (driver: AbstractSqlDriver, config: MikroORM['config']) => Migration;
  const migration = new MigrationClass(orm.em.getDriver() as AbstractSqlDriver, orm.config);
  return Promise.resolve(migration[direction]()).then(() => migration.getQueries().map((q) => (typeof q === 'string' ? q : q.toQuery())));
}

/** Any fixed number: the key of the advisory lock that `init` and `migrate` of every aana-store take. */
const MIGRATION_LOCK_KEY = 7_246_372_653;

/**
 * Runs `work` holding PostgreSQL's transaction-scoped advisory lock (released at commit, so it works
 * through a pooler in transaction mode): of two migrations at once, one applies and the other then
 * finds nothing to do. SQLite serialises writers itself.
 */
async function underMigrationLock<T>(orm: MikroORM, work: (trx?: Transaction<object>) => Promise<T>): Promise<T> {
  if (isSqlitePlatform(orm.em.getPlatform())) return work();
  const connection = orm.em.getConnection();
  return connection.transactional(async (trx: Transaction<object>) => {
    await connection.execute(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`, [], 'all', trx);
    return work(trx);
  });
}

/** Applies every pending migration, all in one transaction, after adopting tables that already exist. */
export async function migrateUp(orm: MikroORM, options: { dryRun?: boolean } = {}): Promise<MigrationRun> {
  const migrator = migratorOf(orm);
  if (options.dryRun) {
    const adopted = await adoptExistingSchema(orm, options);
    const pending = (await migrator.getPendingMigrations()).map((m) => m.name).filter((name) => !adopted.includes(name));
    const sql = (await Promise.all(pending.map((name) => sqlOf(orm, name, 'up')))).flat();
    return { migrations: pending, sql, adopted };
  }
  return underMigrationLock(orm, async (transaction) => {
    const adopted = await adoptExistingSchema(orm, options);
    const applied = await migrator.up(transaction ? { transaction } : undefined);
    return { migrations: applied.map((m) => m.name), sql: [], adopted };
  });
}

/** Reverts the last applied migration (never the baseline of a database the Aana SDK shares). */
export async function migrateDown(orm: MikroORM, options: { dryRun?: boolean } = {}): Promise<MigrationRun> {
  const migrator = migratorOf(orm);
  // The migrator reverts the last applied migration in list order, which is not the last recorded
  // when one was adopted before earlier ones ran; name it, so that the check and the run agree.
  const applied = new Set((await migrator.getExecutedMigrations()).map((m) => m.name));
  const listed = (orm.config.get('migrations').migrationsList ?? []).map((m) => m.name);
  const last = listed.filter((name) => applied.has(name)).at(-1) ?? [...applied].at(-1);
  if (last) await assertRevertible(orm, last);
  if (options.dryRun) return last ? { migrations: [last], sql: await sqlOf(orm, last, 'down') } : { migrations: [], sql: [] };
  const reverted = last ? await migrator.down({ migrations: [last] }) : [];
  return { migrations: reverted.map((m) => m.name), sql: [] };
}
