import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { VIDEO_FIELD_KEYS } from '../entities/video.fields.js';
import { VIDEO_STATUS_ENUM } from '../types/video-status.type.js';
import { type ImportRow, mediaTypeOf, newStatusOf } from './records.js';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A field in COPY's text format: `\N` for null, backslash escapes for the separators. */
function field(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
}

/** The columns of the staging table, in COPY order. */
export const STAGE_COLUMNS = [
  'line bigint not null',
  'id varchar(36) not null',
  ...VIDEO_FIELD_KEYS.map((key) => `${key} varchar`),
  // The extended video's: the status as stored (the enum's member names), null when the record gave none.
  'duration double precision',
  `status ${VIDEO_STATUS_ENUM}`,
  'created_at timestamptz',
  'updated_at timestamptz',
].join(', ');

/** One line of COPY's text format. */
function copyLine(values: ReadonlyArray<string | null>): string {
  return `${values.map(field).join('\t')}\n`;
}

/** The extended video's duration as COPY reads it: String(number) is the shortest text that reads back as the same double, which float8's input gives. */
const durationText = (row: ImportRow) => (row.duration === null ? null : String(row.duration));

/** A staged row: the record, its line, its status as stored (the enum's member names) or null. */
function stageLine(row: ImportRow): string {
  return copyLine([
    String(row.line),
    row.id,
    ...VIDEO_FIELD_KEYS.map((key) => row[key]),
    durationText(row),
    row.status === null ? null : row.status.toUpperCase(),
    row.createdAt ? row.createdAt.toISOString() : null,
    row.updatedAt ? row.updatedAt.toISOString() : null,
  ]);
}

/** The columns the direct COPYs write, in their order. */
export const MEDIA_COPY_COLUMNS = 'id, media_type, created_at, updated_at';
export const VIDEO_COPY_COLUMNS = ['id', ...VIDEO_FIELD_KEYS].join(', ');
export const EXTENDED_COPY_COLUMNS = 'id, duration, status';

/** A media row; `now` (the transaction's timestamp, as text) where the record gives no timestamp. */
export function mediaLine(row: ImportRow, now: string): string {
  return copyLine([row.id, mediaTypeOf(row), row.createdAt ? row.createdAt.toISOString() : now, row.updatedAt ? row.updatedAt.toISOString() : now]);
}

export function videoLine(row: ImportRow): string {
  return copyLine([row.id, ...VIDEO_FIELD_KEYS.map((key) => row[key])]);
}

/** The extended_video row of a record with a duration; a new one without a status starts as created. */
export function extendedLine(row: ImportRow): string {
  return copyLine([row.id, durationText(row), newStatusOf(row)]);
}

/** COPYs the staged `rows` into `table` (STAGE_COLUMNS). */
export async function copyRows(client: PoolClient, table: string, rows: readonly ImportRow[]): Promise<void> {
  await copyText(client, `copy ${table} from stdin`, rows.map(stageLine).join(''));
}

/**
 * Runs one COPY … FROM STDIN (text format, through pg-copy-streams) of `text` as one statement of
 * its own, so that no statement lasts longer than one chunk's worth of work.
 */
export async function copyText(client: PoolClient, sql: string, text: string): Promise<void> {
  const copy = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    copy.once('finish', resolve);
    copy.once('error', reject);
  });
  // On a connection the server has closed, pg-copy-streams emits a second error while ending the
  // stream; the first one already carries the cause, so later ones must not crash the process.
  copy.on('error', () => undefined);
  try {
    copy.end(text);
  } catch (error) {
    throw await copyFailure(error, done);
  }
  await done;
}

/**
 * pg-copy-streams throws a bare TypeError when its connection has gone (the server ended the
 * session). The COPY's own error event carries the cause; failing that, report a lost connection
 * as the driver would, so that it is not mistaken for a bug.
 */
async function copyFailure(error: unknown, done: Promise<void>): Promise<unknown> {
  const cause = await Promise.race([
    done.then(
      () => undefined,
      (reason: unknown) => reason,
    ),
    new Promise((resolve) => setTimeout(resolve, 1000).unref()),
  ]);
  if (cause instanceof Error) return cause;
  return Object.assign(new Error(`connection to the server was lost during COPY (${error instanceof Error ? error.message : String(error)})`), { code: 'ECONNRESET' });
}
