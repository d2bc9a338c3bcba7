import { quoted, ValidationError } from '../errors.js';

/**
 * The latest time, in seconds, a transcript, subtitle or caption may name (about 31 years). Aana sets
 * no bound; this one keeps every time a whole number of milliseconds exactly representable and its
 * hours a plain integer when written out, and anything beyond it is a mistake in the input.
 */
export const MAX_TIME_SECONDS = 1e9;

/** The one rounding every subtitle writer uses: seconds to whole milliseconds, half up. */
export function toMilliseconds(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** `HH:MM:SS<separator>mmm` (hours at least two digits), for SRT (`,`) and WebVTT (`.`). */
export function formatTimestamp(seconds: number, separator: ',' | '.'): string {
  const ms = toMilliseconds(seconds);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  return `${pad(hours, 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}${separator}${pad(ms % 1000, 3)}`;
}

const TIMESTAMP = /^(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})$/;

/**
 * Seconds from `HH:MM:SS,mmm` or `HH:MM:SS.mmm` (either separator in either format: files in the
 * wild mix them), or `MM:SS.mmm` when `hoursOptional` (WebVTT). `field` names the line at fault.
 */
export function parseTimestamp(text: string, field: string, hoursOptional: boolean): number {
  const match = TIMESTAMP.exec(text);
  const expected = hoursOptional ? 'HH:MM:SS.mmm or MM:SS.mmm' : 'HH:MM:SS,mmm';
  if (!match || (match[1] === undefined && !hoursOptional)) throw new ValidationError(field, `malformed timestamp ${quoted(text)} (expected ${expected})`);
  const [hours, minutes, seconds, millis] = [match[1] ?? '0', match[2], match[3], match[4]].map(Number);
  if (minutes > 59 || seconds > 59) throw new ValidationError(field, `malformed timestamp ${quoted(text)} (minutes and seconds must be below 60)`);
  const total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
  if (total > MAX_TIME_SECONDS * 1000) throw new ValidationError(field, `timestamp ${quoted(text)} is beyond ${MAX_TIME_SECONDS} seconds`);
  return total / 1000;
}
