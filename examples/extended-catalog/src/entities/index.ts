import { ExtendedVideoEntity } from './extended-video.entity.js';
import { PodcastEntity } from './podcast.entity.js';

export { ExtendedVideoEntity, PodcastEntity };
export { PODCAST_MEDIA_TYPE } from './podcast.entity.js';

/** What this project adds to aana-store's entities. */
export const entities = [ExtendedVideoEntity, PodcastEntity];
