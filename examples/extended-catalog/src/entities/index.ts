import { VideoDetailsEntity } from './video-details.entity.js';
import { PodcastEntity } from './podcast.entity.js';

export { VideoDetailsEntity, PodcastEntity };
export { PODCAST_MEDIA_TYPE } from './podcast.entity.js';

/** What this project adds to aana-store's entities. */
export const entities = [VideoDetailsEntity, PodcastEntity];
