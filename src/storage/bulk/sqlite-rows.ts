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
 * Rows' parameters, added one row at a time: the parsing worker adds each row as it is validated,
 * so that it keeps no row object (nor its two Dates) until the chunk is full, which kept the young
 * generation's survivors larger and its collections longer. With a stamp, over a stored row; without,
 * as a new row, with the record's timestamps (else null, the time of writing: `fillTimes`) and status
 * (else created). No object per row.
 */
export class SqliteRowsBuilder {
  private readonly rows: SqliteRows = { count: 0, media: [], video: [], extended: [], ids: '', lines: [] };
  private readonly ids: string[] = [];

  get count(): number {
    return this.rows.count;
  }

  add(row: ImportRow, stamp?: Stamps): void {
    const { media, video, extended, lines } = this.rows;
    const createdAt = stamp ? stamp.createdAt : row.createdAt && toSqlAlchemyText(row.createdAt);
    const updatedAt = stamp ? stamp.updatedAt : row.updatedAt && toSqlAlchemyText(row.updatedAt);
    media.push(row.id, mediaTypeOf(row), createdAt, updatedAt);
    video.push(row.id);
    for (const key of VIDEO_FIELD_KEYS) video.push(row[key]);
    if (row.duration !== null) extended.push(row.id, row.duration, stamp ? stamp.status : newStatusOf(row));
    this.ids.push(row.id);
    lines.push(row.line);
    this.rows.count++;
  }

  /** The rows added; the builder is not used after. */
  finish(): SqliteRows {
    this.rows.ids = JSON.stringify(this.ids);
    return this.rows;
  }
}

/** The rows' parameters (see SqliteRowsBuilder): with `stamps` (one per row), over stored rows. */
export function sqliteRows(rows: readonly ImportRow[], stamps?: readonly Stamps[]): SqliteRows {
  const built = new SqliteRowsBuilder();
  for (let i = 0; i < rows.length; i++) built.add(rows[i], stamps?.[i]);
  return built.finish();
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
