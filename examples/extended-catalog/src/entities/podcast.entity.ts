import { Property } from '@mikro-orm/core';
import { MediaKind, MediaKindBase } from 'aana-store';

export const PODCAST_MEDIA_TYPE = 'podcast';

/**
 * A new kind of media: a podcast episode, with a `media` row of type `podcast` and its own table.
 * MediaKind keys it to its media row (the `media` property, stored in `id`, and an `id` getter).
 */
@MediaKind({ tableName: 'podcast' })
export class PodcastEntity extends MediaKindBase {
  @Property({ type: 'string', columnType: 'varchar', comment: 'RSS feed of the show' })
  feedUrl!: string;

  @Property({ type: 'string', columnType: 'varchar', nullable: true, comment: 'Episode title' })
  title?: string | null;

  @Property({ type: 'integer', nullable: true, comment: 'Episode number' })
  episode?: number | null;
}
