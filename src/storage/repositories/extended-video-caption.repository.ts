import { NotFoundError, ValidationError } from '../../errors.js';
import { type CaptionRecord, validateCaption } from '../../transcripts/captions.js';
import { storableText } from '../../transcripts/values.js';
import { CaptionEntity } from '../entities/caption.entity.js';
import { EXTENDED_VIDEO_CAPTION_TYPE, ExtendedVideoCaptionEntity } from '../entities/extended-video-caption.entity.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { validateMediaId } from '../validation.js';
import { writeTransaction } from '../write-transaction.js';
import { nextBaseIds } from './base-row-ids.js';

/** Aana's `get_captions`: parallel lists, in frame order. */
export interface VideoCaptions {
  captions: string[];
  timestamps: number[];
  frame_ids: number[];
}

/**
 * Aana's ExtendedVideoCaptionRepository: the captions of a video's frames, each a `caption` row
 * (type `extended_video_caption`) with its `extended_video_caption` row naming the video.
 */
export class ExtendedVideoCaptionRepository {
  constructor(readonly em: StoreEntityManager) {}

  /** Stores one caption; NotFoundError when there is no such extended video. */
  async save(modelName: string, mediaId: string, caption: string, timestamp: number, frameId: number): Promise<ExtendedVideoCaptionEntity> {
    const [entity] = await this.saveAll(modelName, mediaId, [caption], [timestamp], [frameId]);
    return entity;
  }

  /** Stores the captions of several frames in one transaction (Aana zips the lists strictly: they must be as long as each other). */
  async saveAll(modelName: string, mediaId: string, captions: readonly string[], timestamps: readonly number[], frameIds: readonly number[]): Promise<ExtendedVideoCaptionEntity[]> {
    const model = storableText('model', modelName);
    const id = validateMediaId(mediaId, 'media_id');
    if (timestamps.length !== captions.length || frameIds.length !== captions.length) {
      throw new ValidationError('captions', `${captions.length} captions, ${timestamps.length} timestamps and ${frameIds.length} frame ids: each caption needs one of each`);
    }
    const records: CaptionRecord[] = captions.map((caption, i) => validateCaption({ frame_id: frameIds[i], timestamp: timestamps[i], caption }, i + 1));
    return writeTransaction(this.em, async (tx) => {
      const video = await tx.findOne(ExtendedVideoEntity, { video: id }, { fields: ['video'] as never });
      if (!video) throw new NotFoundError(tx.getMetadata().get(ExtendedVideoEntity.name).tableName, id);
      const ids = await nextBaseIds(tx, tx.getMetadata().get(CaptionEntity.name).tableName, records.length);
      const entities = records.map((record, i) => {
        const caption = Object.assign(new CaptionEntity(), {
          id: ids[i],
          model,
          frameId: record.frame_id,
          timestamp: record.timestamp,
          caption: record.caption,
          captionType: EXTENDED_VIDEO_CAPTION_TYPE,
        });
        return Object.assign(new ExtendedVideoCaptionEntity(), { caption, video });
      });
      tx.persist(entities);
      await tx.flush();
      return entities;
    });
  }

  /** Aana's `get_captions`: the video's captions by the model, ordered by frame. */
  async getCaptions(modelName: string, mediaId: string): Promise<VideoCaptions> {
    const rows = await this.em.find(
      ExtendedVideoCaptionEntity,
      { video: mediaId, caption: { model: modelName } },
      { populate: ['caption'], orderBy: [{ caption: { frameId: 'asc' } }, { caption: { id: 'asc' } }] },
    );
    return { captions: rows.map((r) => r.caption.caption), timestamps: rows.map((r) => r.caption.timestamp), frame_ids: rows.map((r) => r.caption.frameId) };
  }
}
