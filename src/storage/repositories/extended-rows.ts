import { ValidationError } from '../../errors.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import type { VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { EXTENDED_VIDEO_MEDIA_TYPE, type VideoChanges } from '../records.js';
import { validateDuration, validateStatus } from '../validation.js';

/** The extended video's fields of a change, checked: a duration and a status, either may be absent. */
export interface ExtendedChanges {
  duration?: number;
  status?: ExtendedVideoEntity['status'];
}

export function extendedChangesOf(changes: VideoChanges): ExtendedChanges {
  const checked: ExtendedChanges = {};
  if (changes.duration !== undefined) checked.duration = validateDuration(changes.duration);
  if (changes.status !== undefined) checked.status = validateStatus(changes.status);
  return checked;
}

/** The extended_video row of the video `id`, or null for a plain video. */
export function extendedRowOf(em: StoreEntityManager, id: string): Promise<ExtendedVideoEntity | null> {
  return em.findOne(ExtendedVideoEntity, { video: id });
}

/**
 * Applies a duration and a status to a video inside the caller's transaction: an extended video's
 * row changes; a plain video given a duration becomes an extended video (media_type extended_video,
 * status created unless given), as Aana would have stored it from the start. A status without a
 * duration on a plain video is refused: Aana's duration is NOT NULL, and none is invented.
 */
export async function applyExtended(em: StoreEntityManager, entity: VideoEntity, changes: ExtendedChanges): Promise<ExtendedVideoEntity | null> {
  const stored = await extendedRowOf(em, entity.id);
  if (changes.duration === undefined && changes.status === undefined) return stored;
  if (stored) {
    if (changes.duration !== undefined) stored.duration = changes.duration;
    if (changes.status !== undefined) stored.status = changes.status;
    return stored;
  }
  if (changes.duration === undefined) throw new ValidationError('status', `video ${entity.id} is a plain video and has no status: give it a duration (--duration SECONDS) to make it an extended video`);
  entity.media.mediaType = EXTENDED_VIDEO_MEDIA_TYPE;
  const row = Object.assign(new ExtendedVideoEntity(), { video: entity, duration: changes.duration, status: changes.status ?? 'created' });
  em.persist(row);
  return row;
}
