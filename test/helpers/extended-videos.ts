import type { Backend } from './backends.js';
import { runInProcess } from './run.js';

/** Adds extended videos (a duration, so they can hold transcripts and captions) with `video add --duration`. */
export async function addExtendedVideos(db: Backend, videos: ReadonlyArray<{ id: string; duration: number; title?: string }>): Promise<void> {
  for (const video of videos) {
    const added = await runInProcess(['--db', db.spec, 'video', 'add', '--id', video.id, '--path', `/videos/${video.id}.mp4`, '--title', video.title ?? `Video ${video.id}`, '--duration', String(video.duration)]);
    if (added.code !== 0) throw new Error(`video add ${video.id}: ${added.stderr}`);
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
