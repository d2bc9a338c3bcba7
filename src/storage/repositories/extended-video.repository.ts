import type { FindOneOptions } from '@mikro-orm/core';
import { EXTENDED_VIDEO_MEDIA_TYPE, ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { MediaEntity } from '../entities/media.entity.js';
import { VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import type { VideoStatus } from '../types/video-status.type.js';
import { type VideoInput, validateDuration, validateStatus, validateVideoInput } from '../validation.js';
import { MediaRepository } from './media.repository.js';
import type { VideoMetadata } from './video.repository.js';

export { validateDuration, validateStatus };

/** Aana's VideoMetadata of an extended video. */
export interface ExtendedVideoMetadata extends VideoMetadata {
  duration: number;
}

/**
 * Aana's ExtendedVideoRepository: a video with its duration and processing status, written as
 * Aana's joined inheritance writes it (a `media` row of media_type `extended_video`, its `video`
 * row and its `extended_video` row). Deleting one (MediaRepository.delete) deletes its transcripts
 * and captions with it.
 */
export class ExtendedVideoRepository extends MediaRepository<ExtendedVideoEntity> {
  constructor(em: StoreEntityManager) {
    super(em, ExtendedVideoEntity);
  }

  /** Validates and stores the video, status `created`, in one transaction; returns its media id. */
  async save(video: VideoInput, duration: number): Promise<{ mediaId: string }> {
    const entity = await this.add(video, duration);
    return { mediaId: entity.id };
  }

  /** As `save`, returning the stored entity; `status` defaults to `created`, as in Aana. */
  async add(video: VideoInput, duration: number, status: VideoStatus = 'created'): Promise<ExtendedVideoEntity> {
    const { id, ...values } = validateVideoInput(video);
    const seconds = validateDuration(duration);
    const value = validateStatus(status);
    const media = Object.assign(new MediaEntity(), { mediaType: EXTENDED_VIDEO_MEDIA_TYPE }, id ? { id } : {});
    const row = Object.assign(new VideoEntity(), { media }, values);
    return this.create(Object.assign(new ExtendedVideoEntity(), { video: row, duration: seconds, status: value }));
  }

  async getStatus(mediaId: string): Promise<VideoStatus> {
    return (await this.read(mediaId)).status;
  }

  async updateStatus(mediaId: string, status: VideoStatus): Promise<void> {
    const value = validateStatus(status);
    const entity = await this.read(mediaId);
    entity.status = value;
    await this.em.flush();
  }

  async getMetadata(mediaId: string): Promise<ExtendedVideoMetadata> {
    const entity = await this.read(mediaId);
    return { title: entity.video.title ?? null, description: entity.video.description ?? null, duration: entity.duration };
  }

  protected override readOptions(): FindOneOptions<ExtendedVideoEntity, never> {
    return { populate: ['video', 'video.media'] as never };
  }
}
