import { Migration } from '@mikro-orm/migrations';
import { ALEMBIC_VERSION_TABLE } from '../schema-rules.js';
import { isSqlitePlatform } from '../platform.js';
import { VIDEO_STATUS_ENUM, VIDEO_STATUSES } from '../types/video-status.type.js';

type Quote = (name: string) => string;

const TIMESTAMPS = (q: Quote, type: string) =>
  `${q('created_at')} ${type} not null default CURRENT_TIMESTAMP, ${q('updated_at')} ${type} not null default CURRENT_TIMESTAMP`;

/** Aana's base tables (alembic 5ad873484aa3 creates them; a database aana-store created lacks them), with Aana's model checks. */
function baseTables(q: Quote, ts: string, id: string, float: (n: number) => string): string[] {
  return [
    `create table if not exists ${q('transcript')} (${q('id')} ${id}, ${q('model')} VARCHAR not null, ${q('transcript')} VARCHAR not null, ` +
      `${q('segments')} JSON not null, ${q('language')} VARCHAR not null, ${q('language_confidence')} FLOAT not null, ${q('transcript_type')} VARCHAR not null, ` +
      `${TIMESTAMPS(q, ts)}, constraint ${q('pk_transcript')} primary key (${q('id')}), ` +
      `constraint ${q('ck_transcript_language_confidence_value_range')} check (language_confidence >= ${float(0)} and language_confidence <= ${float(1)}));`,
    `create table if not exists ${q('caption')} (${q('id')} ${id}, ${q('model')} VARCHAR not null, ${q('frame_id')} INTEGER not null, ${q('caption')} VARCHAR not null, ` +
      `${q('timestamp')} FLOAT not null, ${q('caption_type')} VARCHAR not null, ${TIMESTAMPS(q, ts)}, constraint ${q('pk_caption')} primary key (${q('id')}), ` +
      `constraint ${q('ck_caption_frame_id_positive')} check (frame_id >= 0), constraint ${q('ck_caption_timestamp_positive')} check (${q('timestamp')} >= ${float(0)}));`,
  ];
}

/** Aana's extended video and the subclass tables of its transcripts and captions, laid out as SQLAlchemy's joined inheritance lays them out. */
function extendedTables(q: Quote, status: string): string[] {
  const fk = (table: string, column: string, ref: string) =>
    `constraint ${q(`fk_${table}_${column}_${ref}`)} foreign key (${q(column)}) references ${q(ref)} (${q('id')}) on update no action on delete no action`;
  const subclass = (table: string, base: string) => [
    `create table ${q(table)} (${q('id')} INTEGER not null, ${q('media_id')} VARCHAR(36) not null, constraint ${q(`pk_${table}`)} primary key (${q('id')}), ` +
      `${fk(table, 'id', base)}, ${fk(table, 'media_id', 'extended_video')});`,
    `create index ${q(`ix_${table}_media_id`)} on ${q(table)} (${q('media_id')});`,
  ];
  return [
    `create table ${q('extended_video')} (${q('id')} VARCHAR(36) not null, ${q('duration')} FLOAT not null, ${q('status')} ${status} not null, ` +
      `constraint ${q('pk_extended_video')} primary key (${q('id')}), ${fk('extended_video', 'id', 'video')});`,
    ...subclass('extended_video_transcript', 'transcript'),
    ...subclass('extended_video_caption', 'caption'),
  ];
}

const PG_COMMENTS: Record<string, Record<string, string>> = {
  transcript: {
    model: 'Name of model used to generate transcript',
    transcript: 'Full text transcript of media',
    segments: 'Segments of the transcript',
    language: 'Language of the transcript as predicted by model',
    language_confidence: 'Confidence score of language prediction',
    transcript_type: 'The type of transcript',
  },
  caption: {
    model: 'Name of model used to generate the caption',
    frame_id: 'The 0-based frame id of video for caption',
    caption: 'Frame caption',
    timestamp: 'Frame timestamp in seconds',
    caption_type: 'The type of caption',
  },
  extended_video: { duration: 'Video duration in seconds', status: 'Processing status' },
  extended_video_transcript: { media_id: 'Foreign key to video table' },
  extended_video_caption: { media_id: 'Foreign key to video table' },
};
const STAMPED = ['transcript', 'caption'];

function pgComments(): string[] {
  return Object.entries(PG_COMMENTS).flatMap(([table, columns]) => {
    const all = STAMPED.includes(table) ? { ...columns, created_at: 'Timestamp when row is inserted', updated_at: 'Timestamp when row is updated' } : columns;
    return Object.entries(all).map(([column, text]) => `comment on column "${table}"."${column}" is '${text}';`);
  });
}

/**
 * Aana's extended video with its transcripts and captions. An Aana head database already has
 * `transcript` and `caption` (kept as they are); one aana-store created gets them here. The
 * `extended_*` tables are created; when an Aana application created them already, adoption
 * (adoption.ts) records this migration instead of running it. Columns, types, constraint names
 * and the status enum are SQLAlchemy's for Aana's models.
 */
export class Migration20261128140000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      const q: Quote = (name) => `\`${name}\``;
      const longest = Math.max(...VIDEO_STATUSES.map((s) => s.length));
      for (const sql of [...baseTables(q, 'DATETIME', 'INTEGER not null', String), ...extendedTables(q, `VARCHAR(${longest})`)]) this.addSql(sql);
      return;
    }
    const q: Quote = (name) => `"${name}"`;
    const labels = VIDEO_STATUSES.map((s) => `'${s.toUpperCase()}'`).join(', ');
    for (const sql of [
      ...baseTables(q, 'timestamptz', 'serial not null', (n) => `(${n})::double precision`),
      `create type "${VIDEO_STATUS_ENUM}" as enum (${labels});`,
      ...extendedTables(q, `"${VIDEO_STATUS_ENUM}"`),
      ...pgComments(),
    ]) {
      this.addSql(sql);
    }
  }

  /** Drops what `up` created; `transcript` and `caption` stay when the Aana SDK manages the database (its alembic created them). */
  override async down(): Promise<void> {
    const sqlite = isSqlitePlatform(this.driver.getPlatform());
    const q: Quote = sqlite ? (name) => `\`${name}\`` : (name) => `"${name}"`;
    for (const table of ['extended_video_caption', 'extended_video_transcript', 'extended_video']) this.addSql(`drop table if exists ${q(table)};`);
    if (!sqlite) this.addSql(`drop type if exists "${VIDEO_STATUS_ENUM}";`);
    const aana = sqlite
      ? await this.execute(`select 1 from sqlite_master where type = 'table' and name = '${ALEMBIC_VERSION_TABLE}'`)
      : await this.execute(`select 1 from pg_tables where schemaname = current_schema() and tablename = '${ALEMBIC_VERSION_TABLE}'`);
    if (aana.length === 0) for (const table of ['caption', 'transcript']) this.addSql(`drop table if exists ${q(table)};`);
  }
}
