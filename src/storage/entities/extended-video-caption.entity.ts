import { Entity, Index, ManyToOne, OneToOne, PrimaryKeyProp } from '@mikro-orm/core';
import { CaptionEntity } from './caption.entity.js';
import { ExtendedVideoEntity } from './extended-video.entity.js';
import { TABLE_NAMES } from './table-names.js';

/** `caption.caption_type` of a video's caption: the polymorphic identity of Aana's subclass. */
export const EXTENDED_VIDEO_CAPTION_TYPE = 'extended_video_caption';

/**
 * A video frame's caption (Aana's `extended_video_caption`): the subclass table of Aana's joined
 * inheritance, keyed to its `caption` row, linking it to the video by `media_id`.
 */
@Entity({ tableName: TABLE_NAMES.extendedVideoCaption })
@Index({ name: 'ix_extended_video_caption_media_id', properties: ['video'] })
export class ExtendedVideoCaptionEntity {
  [PrimaryKeyProp]?: 'caption';

  @OneToOne({ entity: () => CaptionEntity, primary: true, fieldName: 'id', owner: true, foreignKeyName: 'fk_extended_video_caption_id_caption', updateRule: 'no action', deleteRule: 'no action' })
  caption!: CaptionEntity;

  @ManyToOne({ entity: () => ExtendedVideoEntity, fieldName: 'media_id', comment: 'Foreign key to video table', foreignKeyName: 'fk_extended_video_caption_media_id_extended_video', updateRule: 'no action', deleteRule: 'no action' })
  video!: ExtendedVideoEntity;
}
