import type { Backend } from './backends.js';

/** Every row of the media, video and extended_video tables, in a stable order: two equal snapshots mean nothing changed. */
export async function snapshot(db: Backend): Promise<unknown[]> {
  const ts = db.kind === 'sqlite' ? 'created_at, updated_at' : 'created_at::text as created_at, updated_at::text as updated_at';
  return [
    ...(await db.query(`select id, media_type, ${ts} from media order by id`)),
    ...(await db.query('select id, url, path, title, description from video order by id')),
    ...(await db.query('select id, duration, status from extended_video order by id')),
  ];
}
