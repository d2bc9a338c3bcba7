import { quoted, ValidationError } from '../errors.js';
import { describe, seconds, storableText } from './values.js';

/** One frame's caption, as Aana's CaptionEntity holds it (aana/storage/models/caption.py). */
export interface CaptionRecord {
  /** The 0-based frame of the video; Aana's column is an Integer with `frame_id >= 0`. */
  frame_id: number;
  /** Seconds from the start of the video; `timestamp >= 0`. */
  timestamp: number;
  caption: string;
}

export const CAPTION_KEYS = ['frame_id', 'timestamp', 'caption'] as const;

/** The largest value of Aana's `frame_id` column (an SQL INTEGER, 32 bits on PostgreSQL). */
const MAX_FRAME_ID = 2_147_483_647;

/**
 * A number as NDJSON gives it, or as CSV can only give it: its decimal text. Other text, booleans
 * and null are refused.
 */
function numeric(field: string, value: unknown): number {
  if (value === undefined || value === null) throw new ValidationError(field, 'is required');
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^[ \t]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t]*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new ValidationError(field, `must be a number, got ${typeof value === 'string' ? quoted(value) : describe(value)}`);
  return n;
}

/**
 * One caption record (`{frame_id, timestamp, caption}`) from NDJSON or CSV. Unknown fields are
 * refused, so a misspelt column is not dropped; the caller reads any fields of its own (a model, a
 * media id) and passes the rest. `line`, when given, leads every error (`line 3: frame_id: …`).
 */
export function validateCaption(value: unknown, line?: number): CaptionRecord {
  const at = (field: string) => (line === undefined ? field : `line ${line}: ${field}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(at('record'), 'must be an object with frame_id, timestamp and caption');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(CAPTION_KEYS as readonly string[]).includes(key)) throw new ValidationError(at(key), `unknown field (expected ${CAPTION_KEYS.join(', ')})`);
  }
  const frameId = numeric(at('frame_id'), record.frame_id);
  if (!Number.isInteger(frameId) || frameId < 0 || frameId > MAX_FRAME_ID) throw new ValidationError(at('frame_id'), `must be an integer from 0 to ${MAX_FRAME_ID}, got ${frameId}`);
  const timestamp = seconds(at('timestamp'), numeric(at('timestamp'), record.timestamp));
  const caption = storableText(at('caption'), record.caption);
  return { frame_id: frameId, timestamp, caption };
}
