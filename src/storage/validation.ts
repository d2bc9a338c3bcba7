import { quoted, ValidationError } from '../errors.js';
import { VIDEO_FIELDS, VIDEO_STATUSES, type VideoField, type VideoFieldKey, type VideoFieldValues, type VideoStatus } from './entities/video.fields.js';

/** Aana's MediaId: 1 to 36 characters of `[A-Za-z0-9_-]`. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
/** Longest text a field accepts, in characters; a catalog entry is not a place for documents. */
export const MAX_TEXT_LENGTH = 65_536;

/** A video as `video add` and imports take it: a missing or null field is not set. */
export type VideoInput = { id?: string | null } & { [K in VideoFieldKey]?: string | null };

export type VideoFields = VideoFieldValues & { id: string | null };

export function validateMediaId(id: string, field = 'id'): string {
  if (id.length === 0) throw new ValidationError(field, 'must not be empty');
  if (id.length > 36) throw new ValidationError(field, `must be at most 36 characters, got ${id.length}`);
  if (!MEDIA_ID_PATTERN.test(id)) throw new ValidationError(field, `${quoted(id)} may contain only letters, digits, "_" and "-"`);
  return id;
}

function validateText(field: string, value: unknown, max = MAX_TEXT_LENGTH): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${typeof value}`);
  if (value.length > max) throw new ValidationError(field, `must be at most ${max} characters, got ${value.length}`);
  // PostgreSQL cannot store NUL in text, so neither database accepts it.
  if (value.includes('\0')) throw new ValidationError(field, 'must not contain NUL bytes');
  return value;
}

/** Schemes that run code or inline content rather than point at a video. */
const REFUSED_SCHEMES = new Set(['javascript', 'vbscript', 'data']);
/** C0 controls, DEL and C1 controls (newline, tab and NUL among them). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * A url is absolute: an RFC 3986 scheme, then `://`, then a host or a path (`https://h/v.mp4`,
 * `s3://bucket/key`, `gs://…`, `rtsp://…`, `file:///data/v.mp4`) that the WHATWG URL parser accepts.
 * Any scheme but javascript, vbscript and data; no control character anywhere. Stored as given.
 */
export function validateUrl(value: string, field = 'url'): string {
  const control = CONTROL.exec(value);
  if (control) {
    const code = control[0].codePointAt(0) ?? 0;
    throw new ValidationError(field, `must not contain control characters (U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${control.index + 1})`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
  if (!scheme) throw new ValidationError(field, `${quoted(value)} is not an absolute URL (scheme://…)`);
  if (REFUSED_SCHEMES.has(scheme.toLowerCase())) throw new ValidationError(field, `${quoted(value)}: the ${scheme.toLowerCase()} scheme is not a place to fetch a video from`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `${quoted(value)} is not a valid URL`);
  }
  if (url.host === '' && (url.pathname === '' || url.pathname === '/')) throw new ValidationError(field, `${quoted(value)} has no host or path after ${scheme}://`);
  return value;
}

const CHECKS: Record<NonNullable<VideoField['check']>, (value: string, field: string) => string> = { url: validateUrl };
const LOCATORS: readonly VideoField[] = VIDEO_FIELDS.filter((field) => field.kind === 'locator');
const TEXTS: readonly VideoField[] = VIDEO_FIELDS.filter((field) => field.kind === 'text');

/** Checks a video as `video add` and imports take it; returns the normalised fields. */
export function validateVideoInput(input: VideoInput): VideoFields {
  const id = input.id === undefined || input.id === null ? null : validateMediaId(String(input.id));
  const fields = {} as Record<string, string | null>;
  const text = (field: VideoField) => {
    const value = validateText(field.key, input[field.key as VideoFieldKey], field.maxLength);
    if (value !== null && field.check) CHECKS[field.check](value, field.key);
    return value;
  };
  // Where the video is comes first: without it, nothing else about the record matters.
  for (const field of LOCATORS) fields[field.key] = validateText(field.key, input[field.key as VideoFieldKey], field.maxLength);
  if (LOCATORS.every((field) => fields[field.key] === null)) {
    throw new ValidationError(LOCATORS[0].key, `a video needs ${LOCATORS.map((field) => `a ${field.key}`).join(' or ')}`);
  }
  for (const field of LOCATORS) {
    if (fields[field.key] === '') throw new ValidationError(field.key, 'must not be empty');
    if (fields[field.key] !== null) fields[field.key] = text(field);
  }
  for (const field of TEXTS) fields[field.key] = text(field);
  return { id, ...(fields as VideoFieldValues) };
}

/** A duration in seconds: a finite number, not negative (-0 is 0). */
export function validateDuration(duration: unknown, field = 'duration'): number {
  if (typeof duration !== 'number' || !Number.isFinite(duration)) throw new ValidationError(field, `must be a number of seconds, got ${JSON.stringify(duration) ?? typeof duration}`);
  if (duration < 0) throw new ValidationError(field, `must not be negative, got ${duration}`);
  return duration === 0 ? 0 : duration;
}

/** A decimal number as text (what a command line or a CSV cell holds): digits, an optional fraction and exponent. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A duration given as text: the decimal number it spells (no hex, no `Infinity`, no spaces), then validateDuration. */
export function parseDuration(text: string, field = 'duration'): number {
  if (!DECIMAL.test(text)) throw new ValidationError(field, `must be a number of seconds, got ${quoted(text)}`);
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) throw new ValidationError(field, `${quoted(text)} is too large for a number of seconds`);
  return validateDuration(seconds, field);
}

export function validateStatus(status: unknown, field = 'status'): VideoStatus {
  if (typeof status !== 'string' || !(VIDEO_STATUSES as readonly string[]).includes(status)) {
    throw new ValidationError(field, `must be one of ${VIDEO_STATUSES.join(', ')}, got ${JSON.stringify(status) ?? typeof status}`);
  }
  return status as VideoStatus;
}
