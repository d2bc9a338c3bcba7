// Adds a video with its extra fields and a podcast through the library, then reads them back.
// Run after the migrations: `npm run build && npx aana-store --config ./aana-store.config.js migrate && npm run demo`.
import { closeSessions, getSession, VideoRepository } from 'aana-store';
import { VideoDetailsRepository } from './repositories/video-details.repository.js';
import { PodcastRepository } from './repositories/podcast.repository.js';

// getSession() with no settings resolves them as the CLI does; this config adds the entities.
process.env.AANA_STORE_CONFIG ??= 'aana-store.config.js';

try {
  const videos = new VideoDetailsRepository(await getSession());
  const { mediaId } = await videos.saveWithDetails({ id: 'talk-1', url: 'https://example.com/talk.mp4', title: 'Talk', duration: 1834.5, language: 'en' });
  const podcasts = new PodcastRepository(await getSession());
  await podcasts.add({ id: 'pod-1', feedUrl: 'https://example.com/feed.xml', title: 'Episode one', episode: 1 });
  const plain = new VideoRepository(await getSession());
  console.log(JSON.stringify({ video: await plain.getMetadata(mediaId), podcasts: (await podcasts.list()).map((p) => ({ id: p.id, title: p.title, mediaType: p.media.mediaType })) }));
} finally {
  await closeSessions();
}
