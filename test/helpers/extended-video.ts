import { ExtendedVideoRepository } from '../../src/storage/repositories/extended-video.repository.js';
import type { StoreEntityManager } from '../../src/storage/orm.js';
import type { Backend } from './backends.js';
import { openStore } from './store.js';

/**
 * Adds extended videos (a duration, so they can hold transcripts) through the library, as the CLI
 * has no command for them yet (`video add --duration` comes with issue 12's video commands).
 */
export async function addExtendedVideos(db: Backend, videos: Array<{ id: string; duration: number }>): Promise<void> {
  const store = await openStore(db);
  try {
    for (const { id, duration } of videos) await new ExtendedVideoRepository(store.orm.em.fork() as StoreEntityManager).save({ id, path: `/videos/${id}.mp4`, title: `Video ${id}` }, duration);
  } finally {
    await store.close();
  }
}

/** Every row of the transcript tables and their search index, in a stable order: two equal snapshots mean nothing changed. */
export async function transcriptSnapshot(db: Backend): Promise<unknown[]> {
  const segments = db.kind === 'sqlite' ? 'segments' : 'segments::text as segments';
  const index = db.kind === 'sqlite' ? 'select transcript_id, segment, text from transcript_segment_fts order by transcript_id, segment' : 'select transcript_id, segment, document::text from transcript_segment_fts order by transcript_id, segment';
  return [
    ...(await db.query(`select id, model, transcript, ${segments}, language, language_confidence, transcript_type from transcript order by id`)),
    ...(await db.query('select id, media_id from extended_video_transcript order by id')),
    ...(await db.query(index)),
  ];
}
