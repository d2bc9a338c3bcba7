import { UnreadableValueError } from '../../errors.js';
import type { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { statusFromColumn, VIDEO_FIELD_KEYS, VIDEO_FIELDS, type VideoFieldValues } from '../entities/video.fields.js';
import type { VideoEntity } from '../entities/video.entity.js';
import { rowTimestampToIso } from '../types/timestamp-text.js';

import type { VideoRecord } from '../records.js';

export { VIDEO_RECORD_KEYS } from '../entities/video.fields.js';
export type { VideoChanges, VideoRecord } from '../records.js';

/** A video as the raw queries select it (VIDEO_COLUMNS). */
export interface VideoRow extends VideoFieldValues {
  id: string;
  /** The extended video's columns (a left join): null for a plain video. */
  duration: number | string | null;
  status: string | null;
  created_at: unknown;
  updated_at: unknown;
}

/** The video's own fields of an entity, null where unset. */
export function fieldValuesOf(entity: Partial<VideoFieldValues>): VideoFieldValues {
  return Object.fromEntries(VIDEO_FIELD_KEYS.map((key) => [key, entity[key] ?? null])) as VideoFieldValues;
}

/** A video as a record; `extended` is its extended_video row, when it has one. */
export function entityToRecord(entity: VideoEntity, extended?: ExtendedVideoEntity | null): VideoRecord {
  return {
    id: entity.media.id,
    ...fieldValuesOf(entity),
    duration: extended?.duration ?? null,
    status: extended?.status ?? null,
    created_at: entity.media.createdAt.toISOString(),
    updated_at: entity.media.updatedAt.toISOString(),
  };
}

/** A raw row as a record; a timestamp that cannot be read is UnreadableValueError naming `table` and the row. */
export function rowToRecord(row: VideoRow, table: string): VideoRecord {
  const record = { id: row.id } as VideoRecord;
  for (const field of VIDEO_FIELDS) record[field.key] = row[field.key];
  // PostgreSQL's double precision comes back as a number, SQLite's float too; numeric text is tolerated.
  record.duration = row.duration === null ? null : Number(row.duration);
  try {
    record.status = row.status === null ? null : statusFromColumn(row.status);
  } catch (error) {
    throw error instanceof UnreadableValueError ? error.inRow('extended_video', row.id) : error;
  }
  record.created_at = rowTimestampToIso(row.created_at, table, row.id, 'created_at');
  record.updated_at = rowTimestampToIso(row.updated_at, table, row.id, 'updated_at');
  return record;
}

/** Rows as records; with `onUnreadable`, a row that cannot be converted is handed to it and skipped. */
export function rowsToRecords(rows: VideoRow[], table: string, onUnreadable?: (error: UnreadableValueError) => void): VideoRecord[] {
  if (!onUnreadable) return rows.map((row) => rowToRecord(row, table));
  const records: VideoRecord[] = [];
  for (const row of rows) {
    try {
      records.push(rowToRecord(row, table));
    } catch (error) {
      if (!(error instanceof UnreadableValueError)) throw error;
      onUnreadable(error);
    }
  }
  return records;
}
