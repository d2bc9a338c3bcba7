// Writes a migration for both databases from the entities: `npm run migration:create -- <name>`.
// For SQLite and for PostgreSQL in turn it applies every committed migration to a fresh, empty
// database, asks MikroORM's schema comparator what the entities add, and writes both answers into
// one migration (a SQLite half and a PostgreSQL half) that it registers in the migrations index.
// With no difference it writes nothing. The PostgreSQL half needs a server: AANA_STORE_MIGRATION_PG_URL
// (else AANA_STORE_TEST_PG_URL, else postgresql://postgres@127.0.0.1:5432/postgres) names one where
// it may create and drop a scratch database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { type EntityClass, MikroORM } from '@mikro-orm/core';
import { DatabaseSchema, SchemaComparator, type SchemaDifference, type SqlSchemaGenerator } from '@mikro-orm/knex';
import pg from 'pg';
import { parseDbSpec } from '../src/config/spec.js';
import { migrateUp } from '../src/storage/migrator.js';
import { createOrmOptions, ensureSqliteFile, type StoreEntityManager, UNMODELLED_TABLES } from '../src/storage/orm.js';
import { type MigrationDiff, migrationClassName, rebuiltTables, registerMigration, renderMigration, statements } from './migration-source.js';

export interface CreateMigrationOptions {
  /** A word or two for the class name (`add_language` → `Migration20261201093000_add_language`). */
  name: string;
  /** The folder of the migrations and their `index.ts`. */
  dir: string;
  /** Entities beside aana-store's own (as a config file would add them). */
  entities?: Array<EntityClass<object>>;
  /** Admin connection for the scratch PostgreSQL database. */
  pgAdminUrl?: string;
  now?: Date;
}

/**
 * The diff without foreign keys reported as removed and added unchanged (the comparator does so for
 * SQLite's `video.id`), which SQLite would turn into a rebuild of the table.
 */
function withoutUnchangedForeignKeys(diff: SchemaDifference): SchemaDifference {
  for (const [key, table] of Object.entries(diff.changedTables)) {
    for (const [name, foreignKey] of Object.entries(table.addedForeignKeys)) {
      if (!isDeepStrictEqual(table.removedForeignKeys[name], foreignKey)) continue;
      delete table.addedForeignKeys[name];
      delete table.removedForeignKeys[name];
    }
    const changes = Object.entries(table as unknown as Record<string, unknown>).filter(([field]) => !['name', 'fromTable', 'toTable'].includes(field));
    if (changes.every(([, value]) => typeof value === 'object' && value !== null && Object.keys(value).length === 0)) delete diff.changedTables[key];
  }
  return diff;
}

/**
 * What the entities add to the schema the committed migrations build, on one database: the up half
 * from MikroORM's comparator (entities against the database), applied to check that it closes the
 * gap; the down half from the schema before against the schema after, both read from the database.
 * (MikroORM writes no down SQL for SQLite itself.)
 */
async function dialectDiff(spec: string, entities: Array<EntityClass<object>>, warnings: string[]): Promise<MigrationDiff> {
  const settings = parseDbSpec(spec);
  if (settings.type === 'sqlite') ensureSqliteFile(settings.path);
  const orm = await MikroORM.init(await createOrmOptions(settings, { entities, migrations: true }));
  try {
    await migrateUp(orm);
    const em = orm.em as StoreEntityManager;
    const connection = em.getConnection();
    const platform = em.getPlatform();
    const generator = orm.getSchemaGenerator() as SqlSchemaGenerator;
    const schema = () => DatabaseSchema.create(connection, platform, orm.config, undefined, undefined, undefined, UNMODELLED_TABLES);
    const before = await schema();
    const up = statements(await generator.getUpdateSchemaSQL({ wrap: false }));
    for (const sql of up) await connection.execute(sql);
    const left = await generator.getUpdateSchemaSQL({ wrap: false });
    if (left.trim() !== '') throw new Error(`${settings.type}: after the generated SQL the entities still differ from the schema:\n${left}`);
    const downDiff = withoutUnchangedForeignKeys(new SchemaComparator(platform).compare(await schema(), before));
    const down = statements(await generator.diffToSQL(downDiff, { wrap: false, safe: false, dropTables: true }));
    for (const table of rebuiltTables([...up, ...down])) warnings.push(`the ${settings.type} half rebuilds table ${table}, which drops its triggers: check it`);
    return { up, down };
  } finally {
    await orm.close(true);
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The SQLite and PostgreSQL diffs, each computed on a scratch database that is removed afterwards. */
export async function schemaDiffs(
  entities: Array<EntityClass<object>>,
  pgAdminUrl: string,
  warnings: string[] = [],
): Promise<{ sqlite: MigrationDiff; postgresql: MigrationDiff }> {
  const dir = mkdtempSync(join(tmpdir(), 'aana-store-migration-'));
  const database = `aana_store_migration_${randomBytes(6).toString('hex')}`;
  try {
    const sqlite = await dialectDiff(join(dir, 'scratch.db'), entities, warnings);
    await adminQuery(pgAdminUrl, `create database ${database}`);
    const url = new URL(pgAdminUrl);
    url.pathname = `/${database}`;
    const postgresql = await dialectDiff(url.toString(), entities, warnings).finally(() => adminQuery(pgAdminUrl, `drop database if exists ${database} with (force)`));
    return { sqlite, postgresql };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes and registers the migration; null, writing nothing, when the entities match the schema. */
export async function createMigration(options: CreateMigrationOptions): Promise<{ className: string; file: string; warnings: string[] } | null> {
  const indexPath = join(options.dir, 'index.ts');
  const index = readFileSync(indexPath, 'utf8');
  const className = migrationClassName(index, options.name, options.now ?? new Date());
  const pgAdminUrl = options.pgAdminUrl ?? process.env.AANA_STORE_MIGRATION_PG_URL ?? process.env.AANA_STORE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const warnings: string[] = [];
  const { sqlite, postgresql } = await schemaDiffs(options.entities ?? [], pgAdminUrl, warnings);
  if (sqlite.up.length === 0 && postgresql.up.length === 0) return null;
  const file = join(options.dir, `${className}.ts`);
  writeFileSync(file, renderMigration(className, options.name, sqlite, postgresql));
  writeFileSync(indexPath, registerMigration(index, className));
  return { className, file, warnings };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const name = process.argv[2];
  if (!name || process.argv.length > 3) {
    process.stderr.write('usage: npm run migration:create -- <name>\n');
    process.exit(2);
  }
  const created = await createMigration({ name, dir: resolve(import.meta.dirname, '../src/storage/migrations') });
  if (!created) process.stderr.write('The entities match the migrations: no migration written\n');
  else {
    process.stderr.write(`Wrote ${created.file} and registered ${created.className} in index.ts\n`);
    for (const warning of created.warnings) process.stderr.write(`warning: ${warning}\n`);
  }
}
