import { randomUUID } from 'node:crypto';
import { quoted, UsageError, ValidationError } from '../../errors.js';
import { VIDEO_RECORD_KEYS } from '../repositories/video.repository.js';
import { parseDbTimestamp } from '../types/aana-timestamp.type.js';
import { validateVideoInput } from '../validation.js';

/** A validated video ready to be written in bulk; `line` is where its record starts in the input. */
export interface ImportRow {
  line: number;
  id: string;
  url: string | null;
  path: string | null;
  title: string | null;
  description: string | null;
  /** Null when the record gave none: a new row gets the import time, an updated row keeps its own. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** One bad input record: `line N: <field>: <reason>` (exit 2). */
export class LineError extends UsageError {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`line ${line}: ${field}: ${reason}`);
  }
}

const KNOWN_KEYS = new Set<string>(VIDEO_RECORD_KEYS);

/** What every export writes: parsed by `Date` directly, the common case stays cheap. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function timestamp(field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && ISO_UTC.test(value)) {
    const date = new Date(value);
    if (Number.isFinite(date.getTime())) return date;
  }
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, `must be an ISO 8601 timestamp, got ${typeof value === 'string' ? quoted(value) : JSON.stringify(value)}`);
  let date: Date;
  try {
    date = parseDbTimestamp(value);
  } catch {
    throw new ValidationError(field, `${quoted(value)} is not an ISO 8601 timestamp`);
  }
  if (!Number.isFinite(date.getTime())) throw new ValidationError(field, `${quoted(value)} is not a valid date`);
  return date;
}

/**
 * Checks one input record as `video add` checks its options, plus the optional timestamps; unknown
 * keys are refused so that a misspelt column is not silently dropped. Returns the row to write.
 */
export function toImportRow(line: number, value: unknown): ImportRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LineError(line, 'record', `must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const record = value as Record<string, unknown>;
  try {
    for (const key of Object.keys(record)) if (!KNOWN_KEYS.has(key)) throw new ValidationError(key, `unknown field (expected ${VIDEO_RECORD_KEYS.join(', ')})`);
    if (record.id !== undefined && record.id !== null && typeof record.id !== 'string') throw new ValidationError('id', `must be a string, got ${typeof record.id}`);
    const fields = validateVideoInput(record);
    return {
      line,
      id: fields.id ?? randomUUID(),
      url: fields.url,
      path: fields.path,
      title: fields.title,
      description: fields.description,
      createdAt: timestamp('created_at', record.created_at),
      updatedAt: timestamp('updated_at', record.updated_at),
    };
  } catch (error) {
    if (error instanceof ValidationError) throw new LineError(line, error.field, error.reason);
    throw error;
  }
}
