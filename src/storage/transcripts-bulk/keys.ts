// The keys of the records `transcript export|import` and `caption export|import|list` carry, apart
// from the storage code, so that the CLI registers its options without loading MikroORM.
import { CAPTION_KEYS } from '../../transcripts/captions.js';

/** What a stored set of transcripts or captions does when an import or `caption add` brings more of the same (video, model). */
export const SET_CONFLICT_MODES = ['error', 'skip', 'update', 'append'] as const;
export type SetConflictMode = (typeof SET_CONFLICT_MODES)[number];

/** One transcript as `transcript export` writes it and `transcript import` reads it: everything its rows hold but the row ids. */
export const TRANSCRIPT_EXPORT_KEYS = ['media_id', 'model', 'transcript', 'segments', 'language', 'language_confidence', 'created_at', 'updated_at'] as const;

/** One caption as `caption export` writes it and `caption import` reads it. */
export const CAPTION_EXPORT_KEYS = ['media_id', 'model', ...CAPTION_KEYS, 'created_at', 'updated_at'] as const;

/** One caption as `caption list` shows it: its row id first (for `--format ids`). */
export const CAPTION_LIST_KEYS = ['id', ...CAPTION_EXPORT_KEYS] as const;

export interface CaptionExportRecord {
  media_id: string;
  model: string;
  frame_id: number;
  timestamp: number;
  caption: string;
  created_at: string;
  updated_at: string;
}

export interface CaptionListRecord extends CaptionExportRecord {
  id: number;
}
