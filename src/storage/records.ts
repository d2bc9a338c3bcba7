// The records every output format shows and their keys: no MikroORM here, so that the CLI can
// register its options (`--fields`, `--unset`) without loading the storage layer.

/** The `media_type` of a video's media row. */
export const VIDEO_MEDIA_TYPE = 'video';

/** A video as every output format shows it; timestamps are ISO 8601 in UTC. */
export interface VideoRecord {
  id: string;
  url: string | null;
  path: string | null;
  title: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export const VIDEO_RECORD_KEYS = ['id', 'url', 'path', 'title', 'description', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof VideoRecord>;

/** The fields `video update` may change or clear. */
export const UPDATABLE_FIELDS = ['title', 'description', 'url', 'path'] as const;

/** A media row of any kind, as every output format shows it. */
export interface MediaRecord {
  id: string;
  media_type: string;
  created_at: string;
  updated_at: string;
}

export const MEDIA_RECORD_KEYS = ['id', 'media_type', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof MediaRecord>;
