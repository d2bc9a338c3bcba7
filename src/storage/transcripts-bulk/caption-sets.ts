import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';
import type { SetConflictMode } from './keys.js';
import { type BulkTables, bulkWrite, placeholders } from './tables.js';
import { SetExistsError } from './videos.js';

/** Ids per `in (…)` list: well under SQLite's parameter limit. */
const ID_CHUNK = 500;

/** The ids of the video's captions by the model. */
async function captionIds(em: StoreEntityManager, t: BulkTables, mediaId: string, model: string): Promise<number[]> {
  const c = t.caption;
  const vc = t.videoCaption;
  const rows = await rawQuery<{ id: number }>(em, `select ${c.at('id')} as id from ${c.name} join ${vc.name} on ${vc.at('caption')} = ${c.at('id')} where ${vc.at('video')} = ? and ${c.at('model')} = ? order by ${c.at('id')}`, [mediaId, model]);
  return rows.map((row) => Number(row.id));
}

/**
 * What happens to a (video, model) that captions are about to be written for, by `mode`: nothing
 * when it has no captions yet or under `append`; `error` refuses (exit 4); `skip` says not to write;
 * `update` deletes the stored captions first (subclass rows, then base rows), so the new ones replace them.
 * Returns whether to write.
 */
export async function claimCaptionSet(em: StoreEntityManager, t: BulkTables, mediaId: string, model: string, mode: SetConflictMode, line?: number): Promise<boolean> {
  if (mode === 'append') return true;
  const ids = await captionIds(em, t, mediaId, model);
  if (ids.length === 0) return true;
  if (mode === 'error') throw new SetExistsError(line, 'captions', mediaId, model);
  if (mode === 'skip') return false;
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const chunk = ids.slice(start, start + ID_CHUNK);
    await bulkWrite(em, `delete from ${t.videoCaption.name} where ${t.videoCaption.col('caption')} in (${placeholders(chunk.length)})`, chunk);
    await bulkWrite(em, `delete from ${t.caption.name} where ${t.caption.col('id')} in (${placeholders(chunk.length)})`, chunk);
  }
  return true;
}
