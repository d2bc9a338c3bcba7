import { Entity, OneToOne, OptionalProps, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { MediaEntity } from 'aana-store';

export const PODCAST_MEDIA_TYPE = 'podcast';

/** A new kind of media: a podcast episode, with a `media` row of type `podcast` and its own table. */
@Entity({ tableName: 'podcast' })
export class PodcastEntity {
  [PrimaryKeyProp]?: 'media';
  [OptionalProps]?: 'id';

  @OneToOne({ entity: () => MediaEntity, primary: true, fieldName: 'id', owner: true, deleteRule: 'cascade' })
  media!: MediaEntity;

  @Property({ type: 'string', columnType: 'varchar', comment: 'RSS feed of the show' })
  feedUrl!: string;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'Episode title' })
  title?: string | null;

  @Property({ type: 'integer', nullable: true, comment: 'Episode number' })
  episode?: number | null;

  get id(): string {
    return this.media.id;
  }
}
