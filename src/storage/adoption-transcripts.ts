import type { MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { CaptionEntity } from './entities/caption.entity.js';
import { ExtendedVideoCaptionEntity } from './entities/extended-video-caption.entity.js';
import { ExtendedVideoTranscriptEntity } from './entities/extended-video-transcript.entity.js';
import { ExtendedVideoEntity } from './entities/extended-video.entity.js';
import { TranscriptEntity } from './entities/transcript.entity.js';
import { VideoEntity } from './entities/video.entity.js';
import { TRANSCRIPTS_MIGRATION } from './migrations/names.js';
import type { StoreEntityManager } from './orm.js';
import { isSqlitePlatform } from './platform.js';
import { inspectTable, type TableShape } from './schema-inspector.js';
import { adoptionRefused, type ColumnRule, missingForeignKeys, problemsOf } from './schema-rules.js';

const STAMPS: ColumnRule[] = [
  { name: 'created_at', kind: 'timestamp', required: true },
  { name: 'updated_at', kind: 'timestamp', required: true },
];
const TRANSCRIPT_RULES: ColumnRule[] = [
  { name: 'id', kind: 'integer' },
  { name: 'model', kind: 'text', required: true },
  { name: 'transcript', kind: 'text', required: true },
  { name: 'segments', kind: 'json', required: true },
  { name: 'language', kind: 'text', required: true },
  { name: 'language_confidence', kind: 'float', required: true },
  { name: 'transcript_type', kind: 'text', required: true },
  ...STAMPS,
];
const CAPTION_RULES: ColumnRule[] = [
  { name: 'id', kind: 'integer' },
  { name: 'model', kind: 'text', required: true },
  { name: 'frame_id', kind: 'integer', required: true },
  { name: 'caption', kind: 'text', required: true },
  { name: 'timestamp', kind: 'float', required: true },
  { name: 'caption_type', kind: 'text', required: true },
  ...STAMPS,
];
const EXTENDED_VIDEO_RULES: ColumnRule[] = [
  { name: 'id', kind: 'text', minLength: 36 },
  { name: 'duration', kind: 'float', required: true },
  { name: 'status', kind: 'status', required: true },
];
const SUBCLASS_RULES: ColumnRule[] = [
  { name: 'id', kind: 'integer' },
  { name: 'media_id', kind: 'text', required: true, minLength: 36 },
];

/**
 * The tables of Aana's extended video, transcripts and captions where an Aana application created
 * them (SQLAlchemy's create_all or its own alembic revision): when TRANSCRIPTS_MIGRATION has not
 * run and the `extended_*` tables exist, checks that they and `transcript` and `caption` have the
 * shape the migration would create, and returns it for adoptExistingSchema to record as applied. Without
 * the `extended_*` tables, an existing `transcript` or `caption` (alembic's) is checked before the
 * migration runs and keeps it. Refuses a partial or unfamiliar schema, every difference named.
 */
export async function transcriptTablesToAdopt(orm: MikroORM): Promise<string[]> {
  if (!(orm.config.get('migrations').migrationsList ?? []).some((m) => m.name === TRANSCRIPTS_MIGRATION)) return [];
  const migrator = orm.getMigrator<Migrator>();
  if ((await migrator.getExecutedMigrations()).some((m) => m.name === TRANSCRIPTS_MIGRATION)) return [];
  const em = orm.em.fork() as StoreEntityManager;
  const table = (entity: { name: string }) => em.getMetadata().get(entity.name).tableName;
  const [transcript, caption, video, evTranscript, evCaption] = [TranscriptEntity, CaptionEntity, ExtendedVideoEntity, ExtendedVideoTranscriptEntity, ExtendedVideoCaptionEntity].map(table);
  const [t, c, ev, evt, evc] = await Promise.all([transcript, caption, video, evTranscript, evCaption].map((name) => inspectTable(em, name)));
  const platform = isSqlitePlatform(em.getPlatform()) ? 'sqlite' : 'postgresql';
  const problems = [...(t ? problemsOf(t, TRANSCRIPT_RULES, platform) : []), ...(c ? problemsOf(c, CAPTION_RULES, platform) : [])];
  const differ = (names: string) => adoptionRefused(`the ${names} tables differ from the Aana schema (${problems.join('; ')})`);
  const extended: Array<[string, TableShape | undefined]> = [[video, ev], [evTranscript, evt], [evCaption, evc]];
  const present = extended.filter(([, shape]) => shape).map(([name]) => `"${name}"`);
  if (present.length === 0) {
    if (problems.length > 0) throw differ(`"${transcript}" and "${caption}"`);
    return [];
  }
  const absent = [...extended.filter(([, shape]) => !shape).map(([name]) => `"${name}"`), ...(t ? [] : [`"${transcript}"`]), ...(c ? [] : [`"${caption}"`])];
  if (absent.length > 0) throw adoptionRefused(`the database has ${present.join(', ')} but no ${absent.join(', ')}`);
  problems.push(
    ...problemsOf(ev!, EXTENDED_VIDEO_RULES, platform),
    ...missingForeignKeys(ev!, [['id', table(VideoEntity)]]),
    ...problemsOf(evt!, SUBCLASS_RULES, platform),
    ...missingForeignKeys(evt!, [['id', transcript], ['media_id', video]]),
    ...problemsOf(evc!, SUBCLASS_RULES, platform),
    ...missingForeignKeys(evc!, [['id', caption], ['media_id', video]]),
  );
  if (problems.length > 0) throw differ(`transcript, caption and extended video`);
  return [TRANSCRIPTS_MIGRATION];
}
