import type { MigrationObject, MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { SchemaConflictError } from '../errors.js';
import { MediaEntity } from './entities/media.entity.js';
import { VideoEntity } from './entities/video.entity.js';
import { VIDEO_FIELD_KEYS } from './entities/video.fields.js';
import type { StoreEntityManager } from './orm.js';
import { type ColumnShape, inspectTable, type TableShape, tableExists } from './schema-inspector.js';
import { isSqlitePlatform } from './platform.js';

/** The table the Aana SDK's alembic keeps its revision in; its presence marks a database the SDK manages. */
export const ALEMBIC_VERSION_TABLE = 'alembic_version';

interface ColumnRule {
  name: string;
  kind: 'text' | 'timestamp';
  /** NOT NULL (aana-store reads these as always set). */
  required?: boolean;
  /** Must accept NULL (aana-store stores videos without them). */
  optional?: boolean;
  primaryKey?: boolean;
  /** Shortest acceptable declared length of a text column. */
  minLength?: number;
}

const MEDIA_RULES: ColumnRule[] = [
  { name: 'id', kind: 'text', primaryKey: true, minLength: 36 },
  { name: 'media_type', kind: 'text', required: true },
  { name: 'created_at', kind: 'timestamp', required: true },
  { name: 'updated_at', kind: 'timestamp', required: true },
];

const VIDEO_RULES: ColumnRule[] = [
  { name: 'id', kind: 'text', primaryKey: true, minLength: 36 },
  ...VIDEO_FIELD_KEYS.map((name): ColumnRule => ({ name, kind: 'text', optional: true })),
];

function problemsOf(table: TableShape, rules: ColumnRule[], timestampKind: string): string[] {
  const problems: string[] = [];
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const rule of rules) {
    const column = byName.get(rule.name);
    const at = `${table.name}.${rule.name}`;
    if (!column) {
      problems.push(`${at} is missing`);
      continue;
    }
    const kind = rule.kind === 'timestamp' ? timestampKind : 'text';
    if (column.kind !== kind) problems.push(`${at} is ${column.kind}, expected ${kind}`);
    else if (rule.minLength && column.length !== null && column.length < rule.minLength) {
      problems.push(`${at} holds ${column.length} characters, expected at least ${rule.minLength}`);
    }
    if (rule.required && !column.notNull) problems.push(`${at} allows NULL`);
    if (rule.optional && column.notNull) problems.push(`${at} is NOT NULL`);
  }
  const keys = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (keys.join() !== 'id') problems.push(`${table.name} has primary key (${keys.join(', ')}), expected (id)`);
  const known = new Set(rules.map((r) => r.name));
  for (const extra of table.columns.filter((c: ColumnShape) => !known.has(c.name) && c.notNull && !c.hasDefault)) {
    problems.push(`${table.name}.${extra.name} is NOT NULL without a default, so aana-store could not insert`);
  }
  return problems;
}

function baselineOf(orm: MikroORM): string | undefined {
  const first = (orm.config.get('migrations').migrationsList ?? [])[0] as MigrationObject | undefined;
  return first?.name;
}

function tableNames(orm: MikroORM): { media: string; video: string } {
  const metadata = orm.getMetadata();
  return { media: metadata.get(MediaEntity.name).tableName, video: metadata.get(VideoEntity.name).tableName };
}

/**
 * Adopts `media` and `video` tables that already exist (an Aana SDK database, whose alembic created
 * them): when aana-store's baseline migration has not run, checks that both tables have the shape the
 * baseline would create and records the baseline as applied without running it. Nothing is created
 * or altered, and no other table (alembic_version, tasks, …) is touched. A partial or unfamiliar
 * schema is refused with every difference named. Returns the migrations adopted (none or the baseline).
 */
export async function adoptExistingSchema(orm: MikroORM, options: { dryRun?: boolean } = {}): Promise<string[]> {
  const baseline = baselineOf(orm);
  if (!baseline) return [];
  const migrator = orm.getMigrator<Migrator>();
  if ((await migrator.getExecutedMigrations()).some((m) => m.name === baseline)) return [];
  const em = orm.em.fork() as StoreEntityManager;
  const names = tableNames(orm);
  const [media, video] = await Promise.all([inspectTable(em, names.media), inspectTable(em, names.video)]);
  if (!media && !video) return [];
  const refuse = (reason: string) =>
    new SchemaConflictError(`cannot adopt the existing schema: ${reason}; aana-store will not guess, so nothing was changed`);
  if (!media || !video) {
    const [has, lacks] = media ? [names.media, names.video] : [names.video, names.media];
    throw refuse(`the database has a "${has}" table but no "${lacks}" table`);
  }
  const timestampKind = isSqlitePlatform(em.getPlatform()) ? 'datetime' : 'timestamptz';
  const problems = [...problemsOf(media, MEDIA_RULES, timestampKind), ...problemsOf(video, VIDEO_RULES, timestampKind)];
  if (!video.foreignKeys.some((k) => k.column === 'id' && k.table === names.media && k.refColumn === 'id')) {
    problems.push(`${names.video}.id has no foreign key to ${names.media}.id`);
  }
  if (problems.length > 0) throw refuse(`the "${names.media}" and "${names.video}" tables differ from the Aana schema (${problems.join('; ')})`);
  if (!options.dryRun) await migrator.getStorage().logMigration({ name: baseline, context: undefined });
  return [baseline];
}

/** Refuses to revert the baseline on a database the Aana SDK manages: that would drop its media and videos. */
export async function assertRevertible(orm: MikroORM, name: string): Promise<void> {
  if (name !== baselineOf(orm)) return;
  if (await tableExists(orm.em.fork() as StoreEntityManager, ALEMBIC_VERSION_TABLE)) {
    throw new SchemaConflictError(
      `refusing to revert ${name}: the database is managed by the Aana SDK too (it has ${ALEMBIC_VERSION_TABLE}), and reverting would drop its media and video tables`,
    );
  }
}
