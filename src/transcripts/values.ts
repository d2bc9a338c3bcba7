import { ValidationError } from '../errors.js';
import { MAX_TIME_SECONDS } from './timestamps.js';

/** A value's kind as an error message names it. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value;
}

/** A required string that both databases can store: no NUL (PostgreSQL text refuses it) and no lone surrogate (not UTF-8). */
export function storableText(field: string, value: unknown): string {
  if (value === undefined || value === null) throw new ValidationError(field, 'is required');
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  const bad = /\0|\p{Cs}/u.exec(value);
  if (bad) throw new ValidationError(field, `must not contain ${bad[0] === '\0' ? 'NUL' : 'a lone surrogate'} (at character ${bad.index + 1})`);
  return value;
}

/** Seconds from the start of the media: from 0 to MAX_TIME_SECONDS. */
export function seconds(field: string, n: number): number {
  if (n < 0) throw new ValidationError(field, `must not be negative, got ${n}`);
  if (n > MAX_TIME_SECONDS) throw new ValidationError(field, `must be at most ${MAX_TIME_SECONDS} seconds, got ${n}`);
  return n;
}
