import type { EntityClass } from '@mikro-orm/core';
import { ExtendedVideoCaptionEntity } from '../entities/extended-video-caption.entity.js';
import { ExtendedVideoTranscriptEntity } from '../entities/extended-video-transcript.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';

const CHUNK = 500;

/**
 * Deletes the subclass rows (extended_video_transcript, extended_video_caption) of the given media
 * and then their base rows (transcript, caption), as SQLAlchemy deletes a joined-inheritance row:
 * the subclass row first, since it refers to its base row. Run it inside the caller's transaction.
 */
export async function deleteSubclassRows(em: StoreEntityManager, subclass: EntityClass<object>, mediaIds: readonly string[]): Promise<number> {
  const meta = em.getMetadata().get(subclass.name);
  const q = (name: string) => em.getPlatform().quoteIdentifier(name);
  let deleted = 0;
  for (let start = 0; start < mediaIds.length; start += CHUNK) {
    const media = mediaIds.slice(start, start + CHUNK);
    const marks = media.map(() => '?').join(', ');
    const ids = (await rawQuery<{ id: number }>(em, `select ${q('id')} as id from ${q(meta.tableName)} where ${q('media_id')} in (${marks})`, media)).map((r) => Number(r.id));
    await deleteRowsById(em, subclass, ids);
    deleted += ids.length;
  }
  return deleted;
}

/** Deletes the given rows of a subclass (by their shared id) and then their base rows; inside the caller's transaction. */
export async function deleteRowsById(em: StoreEntityManager, subclass: EntityClass<object>, ids: readonly number[]): Promise<void> {
  const meta = em.getMetadata().get(subclass.name);
  const base = meta.properties[meta.primaryKeys[0]].targetMeta!.tableName;
  const q = (name: string) => em.getPlatform().quoteIdentifier(name);
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK);
    const marks = chunk.map(() => '?').join(', ');
    await rawQuery(em, `delete from ${q(meta.tableName)} where ${q('id')} in (${marks})`, chunk);
    await rawQuery(em, `delete from ${q(base)} where ${q('id')} in (${marks})`, chunk);
  }
}

/** Transcripts and captions of the given media (Aana's `cascade="all, delete"` from the extended video): deleted before the media. */
export async function deleteMediaDependents(em: StoreEntityManager, mediaIds: readonly string[]): Promise<void> {
  for (const subclass of [ExtendedVideoTranscriptEntity, ExtendedVideoCaptionEntity]) await deleteSubclassRows(em, subclass, mediaIds);
}
