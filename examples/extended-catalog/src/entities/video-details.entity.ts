import { Entity, OneToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { VideoEntity } from 'aana-store';

/**
 * More fields for every video, in a table of their own keyed to the video, the way VideoEntity is
 * keyed to MediaEntity. aana-store's CLI shows these fields with each video.
 */
@Entity({ tableName: 'video_details' })
export class VideoDetailsEntity {
  [PrimaryKeyProp]?: 'video';

  @OneToOne({ entity: () => VideoEntity, primary: true, fieldName: 'id', owner: true, deleteRule: 'cascade' })
  video!: VideoEntity;

  @Property({ type: 'double', nullable: true, comment: 'Duration in seconds' })
  duration?: number | null;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'Spoken language (BCP 47 tag)' })
  language?: string | null;
}
