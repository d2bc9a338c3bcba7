import { ValidationError } from '../../errors.js';
import { describe, storableText } from '../../transcripts/values.js';
import { checkKeys, LineError, timestamp } from '../bulk/records.js';
import { validateMediaId } from '../validation.js';

/** What every imported transcript or caption record has: where it is, whose it is, and its timestamps. */
export interface SetRow {
  line: number;
  mediaId: string;
  model: string;
  /** Null when the record gave none: the import time. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

/**
 * Checks a record's keys, media id, model and timestamps, then its own fields through `rest`; any
 * ValidationError becomes a LineError naming the line and the field (exit 2).
 */
export function toSetRow<R>(line: number, value: unknown, keys: readonly string[], rest: (record: Record<string, unknown>) => R): SetRow & R {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new LineError(line, 'record', `must be an object, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  checkKeys(line, Object.keys(record), keys);
  try {
    if (typeof record.media_id !== 'string') throw new ValidationError('media_id', record.media_id === undefined || record.media_id === null ? 'is required' : `must be a string, got ${describe(record.media_id)}`);
    return {
      line,
      mediaId: validateMediaId(record.media_id, 'media_id'),
      model: storableText('model', record.model),
      ...rest(record),
      createdAt: timestamp('created_at', record.created_at),
      updatedAt: timestamp('updated_at', record.updated_at),
    };
  } catch (error) {
    if (error instanceof ValidationError) throw new LineError(line, error.field, error.reason);
    throw error;
  }
}

/** A language confidence: a JSON number in [0, 1], as Aana's check says. */
export function unitInterval(field: string, value: unknown): number {
  if (value === undefined || value === null) throw new ValidationError(field, 'is required');
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(field, `must be a number, got ${describe(value)}`);
  if (value < 0 || value > 1) throw new ValidationError(field, `must be from 0 to 1, got ${value}`);
  return value;
}
