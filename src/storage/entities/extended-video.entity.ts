import { AanaFloatType } from '../types/aana-float.type.js';
import { Entity, OneToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { VideoStatusType, type VideoStatus } from '../types/video-status.type.js';
import { VideoEntity } from './video.entity.js';
import { TABLE_NAMES } from './table-names.js';

export { EXTENDED_VIDEO_MEDIA_TYPE } from '../records.js';

/**
 * A video with its duration and processing status (Aana's `extended_video`): in Aana, a subclass of
 * the video in joined inheritance, so a table keyed to `video` as `video` is keyed to `media`. Its
 * media row's media_type is `extended_video`. Transcripts and captions refer to it.
 */
@Entity({ tableName: TABLE_NAMES.extendedVideo })
export class ExtendedVideoEntity {
  [PrimaryKeyProp]?: 'video';

  @OneToOne({ entity: () => VideoEntity, primary: true, fieldName: 'id', owner: true, foreignKeyName: 'fk_extended_video_id_video', updateRule: 'no action', deleteRule: 'no action' })
  video!: VideoEntity;

  @Property({ type: AanaFloatType, comment: 'Video duration in seconds' })
  duration!: number;

  @Property({ type: VideoStatusType, comment: 'Processing status' })
  status!: VideoStatus;

  /** The media id, which is also this row's id. */
  get id(): string {
    return this.video.id;
  }
}
