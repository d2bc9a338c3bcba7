import { VIDEO_FIELD_KEYS } from '../entities/video.fields.js';
import { toSqlAlchemyText } from '../types/timestamp-text.js';
import { type ImportRow, mediaTypeOf, newStatusOf } from './records.js';

// Rows as SQLite's bulk statements bind them (sqlite-writer.ts): flat parameter arrays, which the
// parsing worker (parse-worker.ts) builds and hands to the main thread at little cost (arrays of
// strings copy fast; objects do not), so that the main thread only runs the statements.
// No MikroORM here: the worker loads this module.

export interface SqliteRows {
  count: number;
  /** media's parameters, four a row (id, media_type, created_at, updated_at); a null timestamp is the time of writing (`fillTimes`). */
  media: unknown[];
  /** video's parameters: id, then VIDEO_FIELD_KEYS. */
  video: unknown[];
  /** extended_video's parameters, three per extended video (id, duration, status). */
  extended: unknown[];
  /** The rows' ids as a JSON array, for the search upkeep. */
  ids: string;
  /** The rows' input lines, to name the record at fault. */
  lines: number[];
}

/** What a stored row's update writes besides the record's fields: timestamps in SQLAlchemy's text and the status as stored (`CREATED`…). */
export interface Stamps {
  createdAt: string;
  updatedAt: string;
  status: string;
}

/**
 * The rows' parameters: with `stamps` (one per row), over stored rows; without, as new rows, with
 * the record's timestamps (else null, the time of writing: `fillTimes`) and status (else created).
 * One loop and no object per row: the parsing worker runs it on every chunk.
 */
export function sqliteRows(rows: readonly ImportRow[], stamps?: readonly Stamps[]): SqliteRows {
  const media: unknown[] = [];
  const video: unknown[] = [];
  const extended: unknown[] = [];
  const ids: string[] = [];
  const lines: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const stamp = stamps?.[i];
    const createdAt = stamp ? stamp.createdAt : row.createdAt && toSqlAlchemyText(row.createdAt);
    const updatedAt = stamp ? stamp.updatedAt : row.updatedAt && toSqlAlchemyText(row.updatedAt);
    media.push(row.id, mediaTypeOf(row), createdAt, updatedAt);
    video.push(row.id);
    for (const key of VIDEO_FIELD_KEYS) video.push(row[key]);
    if (row.duration !== null) extended.push(row.id, row.duration, stamp ? stamp.status : newStatusOf(row));
    ids.push(row.id);
    lines.push(row.line);
  }
  return { count: rows.length, media, video, extended, ids: JSON.stringify(ids), lines };
}

/** Gives the rows' missing timestamps the time of writing. */
export function fillTimes(rows: SqliteRows, now: string): void {
  const { media } = rows;
  for (let i = 0; i < media.length; i += 4) {
    media[i + 2] ??= now;
    media[i + 3] ??= now;
  }
}

/** The ids and input lines of the rows, in order (to name the record at fault). */
export function rowsOf(rows: SqliteRows): Array<{ id: string; line: number }> {
  return rows.lines.map((line, i) => ({ id: rows.media[i * 4] as string, line }));
}
