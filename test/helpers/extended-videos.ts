import { ExtendedVideoRepository } from '../../src/storage/repositories/extended-video.repository.js';
import type { StoreEntityManager } from '../../src/storage/orm.js';
import type { Backend } from './backends.js';
import { openStore } from './store.js';

/** Adds extended videos (with a duration) through the library: what `video add --duration` will do. */
export async function addExtendedVideos(db: Backend, videos: ReadonlyArray<{ id: string; duration: number; title?: string }>): Promise<void> {
  const store = await openStore(db);
  try {
    for (const video of videos) {
      await new ExtendedVideoRepository(store.orm.em.fork() as StoreEntityManager).save({ id: video.id, path: `/videos/${video.id}.mp4`, title: video.title ?? `Video ${video.id}` }, video.duration);
    }
  } finally {
    await store.close();
  }
}

/** Every row of the transcript and caption tables, in a stable order: two equal snapshots mean nothing changed. */
export async function setSnapshot(db: Backend): Promise<unknown[]> {
  const ts = db.kind === 'sqlite' ? 'created_at, updated_at' : 'created_at::text as created_at, updated_at::text as updated_at';
  return [
    ...(await db.query(`select id, model, transcript, ${db.kind === 'sqlite' ? 'segments' : 'segments::text as segments'}, language, language_confidence, transcript_type, ${ts} from transcript order by id`)),
    ...(await db.query('select id, media_id from extended_video_transcript order by id')),
    ...(await db.query(`select id, model, frame_id, caption, timestamp, caption_type, ${ts} from caption order by id`)),
    ...(await db.query('select id, media_id from extended_video_caption order by id')),
  ];
}
