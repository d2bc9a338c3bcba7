import { type FindOneOptions } from '@mikro-orm/core';
import { MediaEntity, MediaRepository, type StoreEntityManager, validateMediaId, validateUrl } from 'aana-store';
import { PODCAST_MEDIA_TYPE, PodcastEntity } from '../entities/podcast.entity.js';

export interface PodcastInput {
  id?: string;
  feedUrl: string;
  title?: string | null;
  episode?: number | null;
}

/** Podcasts, built from aana-store's MediaRepository: duplicate ids, reads and deletes come with it. */
export class PodcastRepository extends MediaRepository<PodcastEntity> {
  constructor(em: StoreEntityManager) {
    super(em, PodcastEntity);
  }

  async add(input: PodcastInput): Promise<PodcastEntity> {
    const media = Object.assign(new MediaEntity(), { mediaType: PODCAST_MEDIA_TYPE }, input.id ? { id: validateMediaId(input.id) } : {});
    const podcast = Object.assign(new PodcastEntity(), { media, feedUrl: validateUrl(input.feedUrl, 'feedUrl'), title: input.title ?? null, episode: input.episode ?? null });
    return this.create(podcast);
  }

  /** Every podcast, oldest first. */
  list(): Promise<PodcastEntity[]> {
    return this.em.find(PodcastEntity, {}, { populate: ['media'], orderBy: { media: { createdAt: 'asc', id: 'asc' } } });
  }

  protected override readOptions(): FindOneOptions<PodcastEntity, never> {
    return { populate: ['media'] as never };
  }
}
