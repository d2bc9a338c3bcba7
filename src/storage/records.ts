// The records every output format shows and their keys: no MikroORM here, so that the CLI can
// register its options (`--fields`, `--unset`) without loading the storage layer.
import type { ExtendedVideoFieldValues, UpdatableKey, VideoFieldValues, VideoStatus } from './entities/video.fields.js';

export { UPDATABLE_FIELDS, VIDEO_RECORD_KEYS } from './entities/video.fields.js';

/** The `media_type` of a video's media row. */
export const VIDEO_MEDIA_TYPE = 'video';
/** `media.media_type` of an extended video: the polymorphic identity of Aana's ExtendedVideoEntity. */
export const EXTENDED_VIDEO_MEDIA_TYPE = 'extended_video';
/** The media types `video` commands read and write: a plain video and an extended video (a video with a duration and a status). */
export const VIDEO_MEDIA_TYPES = [VIDEO_MEDIA_TYPE, EXTENDED_VIDEO_MEDIA_TYPE] as const;

/** A video as every output format shows it; timestamps are ISO 8601 in UTC; duration and status null for a plain video. */
export interface VideoRecord extends VideoFieldValues, ExtendedVideoFieldValues {
  id: string;
  created_at: string;
  updated_at: string;
}

/**
 * Fields `update` changes; `null` clears one, a missing key leaves it. A duration makes a plain video
 * an extended one (status created unless given); a status alone needs an extended video.
 */
export type VideoChanges = Partial<Record<UpdatableKey, string | null>> & { duration?: number; status?: VideoStatus };

/** A media row of any kind, as every output format shows it. */
export interface MediaRecord {
  id: string;
  media_type: string;
  created_at: string;
  updated_at: string;
}

export const MEDIA_RECORD_KEYS = ['id', 'media_type', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof MediaRecord>;

/**
 * A video's transcript as `transcript list` shows it: `id` is the video's media id (what the
 * `transcript` commands take); `segments` their count; `seconds` the latest end of any segment (0
 * without segments); `characters` the text's length in Unicode code points.
 */
export interface TranscriptRecord {
  id: string;
  model: string;
  language: string;
  language_confidence: number;
  segments: number | null;
  seconds: number | null;
  characters: number;
  created_at: string;
  updated_at: string;
}

export const TRANSCRIPT_RECORD_KEYS = ['id', 'model', 'language', 'language_confidence', 'segments', 'seconds', 'characters', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof TranscriptRecord>;
