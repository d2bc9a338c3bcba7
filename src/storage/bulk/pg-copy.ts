import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { VIDEO_FIELD_KEYS } from '../entities/video.fields.js';
import { VIDEO_STATUS_ENUM } from '../types/video-status.type.js';
import type { ImportRow } from './records.js';

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

function copyLine(row: ImportRow): string {
  let line = `${row.line}\t${field(row.id)}\t`;
  for (const key of VIDEO_FIELD_KEYS) line += `${field(row[key])}\t`;
  // String(number) is the shortest text that reads back as the same double, which float8's input gives.
  line += `${row.duration === null ? '\\N' : String(row.duration)}\t${row.status === null ? '\\N' : row.status.toUpperCase()}\t`;
  return `${line}${row.createdAt ? row.createdAt.toISOString() : '\\N'}\t${row.updatedAt ? row.updatedAt.toISOString() : '\\N'}\n`;
}

/**
 * COPYs `rows` into `table` (text format, through pg-copy-streams) as one statement of its own, so
 * that no statement lasts longer than one chunk's worth of work.
 */
export async function copyRows(client: PoolClient, table: string, rows: readonly ImportRow[]): Promise<void> {
  let text = '';
  for (const row of rows) text += copyLine(row);
  const copy = client.query(copyFrom(`copy ${table} from stdin`));
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
