import { Entity, OneToOne, OptionalProps, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { MediaEntity } from './media.entity.js';

/**
 * A video (Aana's `video` table). MikroORM 6 has single-table inheritance only, so the video is not
 * a subclass of its media row: its primary key is a one-to-one to `media`, stored in the `id` column.
 * The repositories write and read both rows together.
 */
@Entity({ tableName: 'video' })
export class VideoEntity {
  [PrimaryKeyProp]?: 'media';
  // `id` is derived from `media`, never given when creating.
  [OptionalProps]?: 'id';

  @OneToOne({ entity: () => MediaEntity, primary: true, fieldName: 'id', owner: true, updateRule: 'no action', deleteRule: 'no action' })
  media!: MediaEntity;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'Path' })
  path?: string | null;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'URL' })
  url?: string | null;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'Title' })
  title?: string | null;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'Description' })
  description?: string | null;

  /** The media id, which is also this video's id. */
  get id(): string {
    return this.media.id;
  }
}

