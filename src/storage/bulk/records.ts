import { randomUUID } from 'node:crypto';
import { quoted, UsageError, ValidationError } from '../../errors.js';
import { type ExtendedVideoFieldValues, VIDEO_FIELD_KEYS, type VideoFieldValues } from '../entities/video.fields.js';
import { parseTimestamp } from '../types/timestamp-text.js';
import { parseDuration, validateDuration, validateStatus, validateVideoInput } from '../validation.js';
import { MAX_RECORD_CHARS } from './limits.js';
import { EXTENDED_VIDEO_MEDIA_TYPE, VIDEO_MEDIA_TYPE, VIDEO_RECORD_KEYS } from '../records.js';

/** A validated video ready to be written in bulk; `line` is where its record starts in the input. */
export interface ImportRow extends VideoFieldValues, ExtendedVideoFieldValues {
  line: number;
  id: string;
  /** Null when the record gave none: a new row gets the import time, an updated row keeps its own. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** The media type a row is written with: an extended video when it has a duration. */
export function mediaTypeOf(row: ImportRow): string {
  return row.duration === null ? VIDEO_MEDIA_TYPE : EXTENDED_VIDEO_MEDIA_TYPE;
}

/** The status a new extended video is stored with (the enum's member names): the record's, else created. */
export function newStatusOf(row: ImportRow): string {
  return (row.status ?? 'created').toUpperCase();
}

/** How many characters of an input key, and of a reason quoting an input value, an error shows. */
const MAX_KEY_SHOWN = 60;
const MAX_REASON_SHOWN = 240;

/** Cuts the middle out of a long text: the start of a value and the end of the sentence remain. */
function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - head))}`;
}

/** One short line however long or strange the text: control characters escaped, the middle cut. */
function shown(text: string, max: number): string {
  return clipped(clipped(text, max).replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1)), max);
}

/** A field name as the input spelt it: bare when it is a plain word, quoted otherwise. */
function fieldName(field: string): string {
  return /^[\w.-]+$/.test(field) ? field : shown(JSON.stringify(clipped(field, MAX_KEY_SHOWN)), MAX_KEY_SHOWN + 2);
}

/** One bad input record: `line N: <field>: <reason>` (exit 2), one short line whatever the input. */
export class LineError extends UsageError {
  readonly field: string;
  readonly reason: string;

  /** `shownAlready`: field and reason are another LineError's, as it showed them (from the parsing worker). */
  constructor(
    readonly line: number,
    field: string,
    reason: string,
    shownAlready = false,
  ) {
    const name = shownAlready ? field : fieldName(field);
    const why = shownAlready ? reason : shown(reason, MAX_REASON_SHOWN);
    super(`line ${line}: ${name}: ${why}`);
    this.field = name;
    this.reason = why;
  }
}

/** A record over MAX_RECORD_CHARS; the import stops there, as the rest of it is never read. */
export function recordTooLong(line: number): LineError {
  return new LineError(line, 'record', `longer than ${MAX_RECORD_CHARS} characters, the most one record may have`);
}

/**
 * The keys of one record (or a CSV header), the same rule in every format: an unknown key is refused
 * so that a misspelt column is not silently dropped, and a repeated one so that no value is.
 * `known` is the record's keys (a video's by default).
 */
export function checkKeys(line: number, keys: readonly string[], known: readonly string[] = VIDEO_RECORD_KEYS): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!known.includes(key)) throw new LineError(line, key, `unknown field (expected ${known.join(', ')})`);
    // Only known keys get here, so this looks back over a handful at most.
    if (keys.indexOf(key) !== i) throw new LineError(line, key, 'duplicate field');
  }
}

/** An optional ISO 8601 timestamp of an input record: null when absent. */
export function timestamp(field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, `must be an ISO 8601 timestamp, got ${typeof value === 'string' ? quoted(value) : JSON.stringify(value)}`);
  return parseTimestamp(value, field);
}

/** A record's duration: a JSON number, or the decimal text a CSV cell holds; absent or null for a plain video. */
function duration(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? parseDuration(value) : validateDuration(value);
}

/** A record's extended-video fields: a status needs a duration (Aana's is NOT NULL, none is invented). */
function extendedFields(record: Record<string, unknown>): ExtendedVideoFieldValues {
  const seconds = duration(record.duration);
  const status = record.status === undefined || record.status === null ? null : validateStatus(record.status);
  if (status !== null && seconds === null) throw new ValidationError('status', 'needs a duration: only an extended video (one with a duration) has a processing status');
  return { duration: seconds, status };
}

/** Checks one input record as `video add` checks its options, plus the optional timestamps and its keys. */
export function toImportRow(line: number, value: unknown): ImportRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LineError(line, 'record', `must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const record = value as Record<string, unknown>;
  checkKeys(line, Object.keys(record));
  try {
    if (record.id !== undefined && record.id !== null && typeof record.id !== 'string') throw new ValidationError('id', `must be a string, got ${typeof record.id}`);
    // Built field by field, not spread: an import makes one for every record.
    const fields = validateVideoInput(record);
    const { duration, status } = extendedFields(record);
    const row = { line, id: fields.id ?? randomUUID() } as ImportRow;
    for (const key of VIDEO_FIELD_KEYS) row[key] = fields[key];
    row.duration = duration;
    row.status = status;
    row.createdAt = timestamp('created_at', record.created_at);
    row.updatedAt = timestamp('updated_at', record.updated_at);
    return row;
  } catch (error) {
    if (error instanceof ValidationError) throw new LineError(line, error.field, error.reason);
    throw error;
  }
}
