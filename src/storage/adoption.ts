import type { MigrationObject, MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { SchemaConflictError } from '../errors.js';
import { MediaEntity } from './entities/media.entity.js';
import { VideoEntity } from './entities/video.entity.js';
import { VIDEO_FIELD_KEYS } from './entities/video.fields.js';
import type { StoreEntityManager } from './orm.js';
import { inspectTable, tableExists } from './schema-inspector.js';
import { transcriptTablesToAdopt } from './adoption-transcripts.js';
import { ExtendedVideoEntity } from './entities/extended-video.entity.js';
import { TRANSCRIPTS_MIGRATION } from './migrations/names.js';
import { adoptionRefused, ALEMBIC_VERSION_TABLE, type ColumnRule, missingForeignKeys, problemsOf } from './schema-rules.js';
import { isSqlitePlatform } from './platform.js';

export { ALEMBIC_VERSION_TABLE } from './schema-rules.js';

const MEDIA_RULES: ColumnRule[] = [
  { name: 'id', kind: 'text', minLength: 36 },
  { name: 'media_type', kind: 'text', required: true },
  { name: 'created_at', kind: 'timestamp', required: true },
  { name: 'updated_at', kind: 'timestamp', required: true },
];

const VIDEO_RULES: ColumnRule[] = [
  { name: 'id', kind: 'text', minLength: 36 },
  ...VIDEO_FIELD_KEYS.map((name): ColumnRule => ({ name, kind: 'text', optional: true })),
];

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
 * schema is refused with every difference named. The same for the tables of Aana's extended video,
 * transcripts and captions (adoption-transcripts.ts). Returns the migrations adopted.
 */
export async function adoptExistingSchema(orm: MikroORM, options: { dryRun?: boolean } = {}): Promise<string[]> {
  // Every check passes before anything is recorded.
  const names = [...(await baselineToAdopt(orm)), ...(await transcriptTablesToAdopt(orm))];
  const storage = orm.getMigrator<Migrator>().getStorage();
  if (!options.dryRun) for (const name of names) await storage.logMigration({ name, context: undefined });
  return names;
}

/** The baseline, when the media and video tables exist and have the Aana shape; none when they are absent or it ran. */
async function baselineToAdopt(orm: MikroORM): Promise<string[]> {
  const baseline = baselineOf(orm);
  if (!baseline) return [];
  const migrator = orm.getMigrator<Migrator>();
  if ((await migrator.getExecutedMigrations()).some((m) => m.name === baseline)) return [];
  const em = orm.em.fork() as StoreEntityManager;
  const names = tableNames(orm);
  const [media, video] = await Promise.all([inspectTable(em, names.media), inspectTable(em, names.video)]);
  if (!media && !video) return [];
  const refuse = adoptionRefused;
  if (!media || !video) {
    const [has, lacks] = media ? [names.media, names.video] : [names.video, names.media];
    throw refuse(`the database has a "${has}" table but no "${lacks}" table`);
  }
  const platform = isSqlitePlatform(em.getPlatform()) ? 'sqlite' : 'postgresql';
  const problems = [...problemsOf(media, MEDIA_RULES, platform), ...problemsOf(video, VIDEO_RULES, platform), ...missingForeignKeys(video, [['id', names.media]])];
  if (problems.length > 0) throw refuse(`the "${names.media}" and "${names.video}" tables differ from the Aana schema (${problems.join('; ')})`);
  return [baseline];
}

/**
 * Refuses to revert, on a database the Aana SDK manages, the baseline (it would drop the SDK's media
 * and videos), or the transcripts migration while its extended videos hold rows (their tables may be
 * an Aana application's, adopted).
 */
export async function assertRevertible(orm: MikroORM, name: string): Promise<void> {
  const em = orm.em.fork() as StoreEntityManager;
  const refuse = (what: string) =>
    new SchemaConflictError(`refusing to revert ${name}: the database is managed by the Aana SDK too (it has ${ALEMBIC_VERSION_TABLE}), and reverting would drop ${what}`);
  if (name === baselineOf(orm)) {
    if (await tableExists(em, ALEMBIC_VERSION_TABLE)) throw refuse('its media and video tables');
    return;
  }
  if (name !== TRANSCRIPTS_MIGRATION || !(await tableExists(em, ALEMBIC_VERSION_TABLE))) return;
  const videos = await em.count(ExtendedVideoEntity, {});
  if (videos > 0) throw refuse(`the extended_video, extended_video_transcript and extended_video_caption tables, which hold ${videos} extended videos`);
}
