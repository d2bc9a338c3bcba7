import { MediaIdAlreadyExistsError, NotFoundError, quoted, UsageError } from '../../errors.js';
import type { StoreEntityManager } from '../orm.js';
import { isSqlitePlatform } from '../platform.js';
import { rawQuery } from '../raw-query.js';
import { type BulkTables, placeholders } from './tables.js';

const at = (line: number | undefined) => (line === undefined ? '' : `line ${line}: `);

/** A transcript or caption for a media id that is no video at all (exit 3). */
export class UnknownVideoError extends NotFoundError {
  constructor(line: number | undefined, table: string, mediaId: string) {
    super(table, mediaId);
    this.message = `${at(line)}media_id: video not found: ${quoted(mediaId)}`;
  }
}

/** The (video, model) already has a transcript or captions, under `--on-conflict error` (exit 4). */
export class SetExistsError extends MediaIdAlreadyExistsError {
  constructor(line: number | undefined, what: 'a transcript' | 'captions', mediaId: string, model: string) {
    super(what, mediaId);
    this.message = `${at(line)}model: video ${quoted(mediaId)} already has ${what} by model ${quoted(model)} (--on-conflict skip, update or append)`;
  }
}

/** A plain video (no `extended_video` row) cannot hold transcripts or captions: Aana links them to an extended video. */
export function noDurationError(line: number | undefined, mediaId: string): UsageError {
  return new UsageError(`${at(line)}media_id: video ${quoted(mediaId)} has no duration, so it cannot hold transcripts or captions; give it one: aana-store video update ${mediaId} --duration SECONDS`);
}

/**
 * Checks that every row's video is an extended video; the first (in input order) that is not is
 * UnknownVideoError (no video) or noDurationError (a plain video). On PostgreSQL the videos stay
 * locked until the transaction ends (in id order), as `transcript add` and `caption add` lock the
 * video they write to: neither can then write a set the other is writing.
 */
export async function checkVideos(em: StoreEntityManager, t: BulkTables, rows: ReadonlyArray<{ line: number | undefined; mediaId: string }>): Promise<void> {
  const ids = [...new Set(rows.map((row) => row.mediaId))];
  const id = t.extendedVideo.col('video');
  const lock = isSqlitePlatform(em.getPlatform()) ? '' : ` order by ${id} for update`;
  const found = await rawQuery<{ id: string }>(em, `select ${id} as id from ${t.extendedVideo.name} where ${id} in (${placeholders(ids.length)})${lock}`, ids);
  if (found.length === ids.length) return;
  const extended = new Set(found.map((row) => row.id));
  const missing = rows.find((row) => !extended.has(row.mediaId));
  if (!missing) return;
  const plain = await rawQuery(em, `select 1 as one from ${t.video.name} where ${t.video.col('media')} = ?`, [missing.mediaId]);
  if (plain.length > 0) throw noDurationError(missing.line, missing.mediaId);
  throw new UnknownVideoError(missing.line, t.video.bare, missing.mediaId);
}

/** `media_id` and `model` as one map key. */
export const setKey = (mediaId: string, model: string) => `${mediaId}\u0000${model}`;
