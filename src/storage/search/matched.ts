// Where `video search` found the words, apart from the storage layer so that the CLI registers
// `--fields` without loading MikroORM.
import { VIDEO_RECORD_KEYS } from '../entities/video.fields.js';
import type { VideoRecord } from '../records.js';

/** The fields `matched` names, in the order it names them. */
export const MATCHED_FIELDS = ['title', 'description', 'transcript', 'caption'] as const;
export type MatchedField = (typeof MATCHED_FIELDS)[number];

/** A video `video search` found, with `matched`: where it found the words, comma-separated (`title,transcript`). */
export interface VideoSearchRecord extends VideoRecord {
  matched: string;
}

/** A video search record's keys: the video's, then `matched`, last so that columns by position stay where they were. */
export const VIDEO_SEARCH_KEYS = [...VIDEO_RECORD_KEYS, 'matched'] as const;
