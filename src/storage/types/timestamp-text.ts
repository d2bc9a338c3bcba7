import { UnreadableValueError, ValidationError } from '../../errors.js';

/**
 * The instants aana-store stores: years 0001 to 9999 in UTC, what SQLAlchemy's text on SQLite
 * (Python's datetime), PostgreSQL's timestamptz and JavaScript's Date all hold exactly.
 */
export const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
export const SUPPORTED_RANGE = '0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?$/i;

/** Milliseconds since the epoch of a UTC calendar time; unlike Date.UTC, years 0-99 are not read as 1900-1999. */
export function utcEpoch(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** Days of each month in a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]);

/** Refuses an instant outside the supported range, naming `field`. */
export function checkInRange(epoch: number, field: string, text: string): Date {
  if (!Number.isFinite(epoch) || epoch < EARLIEST || epoch > LATEST) throw new ValidationError(field, `${JSON.stringify(text)} is outside the supported range, ${SUPPORTED_RANGE}`);
  return new Date(epoch);
}

/** The number the digits of text[start, end) spell; -1 if any is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The epoch of `text` when it is exactly what Date's toISOString writes (`video export` and most JSON tools),
 * `YYYY-MM-DDTHH:MM:SS.mmmZ`, on a day the calendar has, from year 0100 (Date.UTC reads years
 * 0-99 as 1900-1999); else undefined, and parseTimestamp reads it the long way. Imports read two
 * per record: checked digit by digit, without a round trip through Date's own parser.
 */
function canonical(text: string): number | undefined {
  if (text.length !== 24 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(23) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.') return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  const ms = digitsAt(text, 20, 23);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined;
  if (day > daysIn(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * A timestamp typed by a person or an import: ISO 8601 date (`2026-01-31`, midnight UTC) or date
 * and time (`T` or a space; seconds and fraction optional; UTC unless it has an offset). A date
 * the calendar does not have (2026-02-30, 24:00) is refused, never rolled over; so is one outside
 * the supported range. Fractions past milliseconds are cut, as JavaScript's Date holds no more.
 */
export function parseTimestamp(text: string, field: string, what = 'an ISO 8601 timestamp'): Date {
  const exact = canonical(text);
  if (exact !== undefined) return checkInRange(exact, field, text);
  const m = ISO.exec(text.trim());
  if (!m) throw new ValidationError(field, `${JSON.stringify(text)} is not ${what}`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const zone = m[8];
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 23 || om > 59) throw new ValidationError(field, `${JSON.stringify(text)} has an impossible offset ${zone}`);
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new ValidationError(field, `${JSON.stringify(text)} is not a date the calendar has`);
  }
  return checkInRange(utcEpoch(year, month, day, hour, minute, second, ms) - offset, field, text);
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
/** The last day toSqlAlchemyText wrote, and its `YYYY-MM-DD`: an import's timestamps cluster on few days. */
let lastDay = Number.NaN;
let lastDayText = '';

/** SQLAlchemy's SQLite DATETIME text in UTC: `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function toSqlAlchemyText(date: Date): string {
  const epoch = date.getTime();
  const day = Math.floor(epoch / DAY_MS);
  if (day !== lastDay) {
    // toISOString writes the supported years (0001-9999) with four digits: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    lastDayText = date.toISOString().slice(0, 10);
    lastDay = day;
  }
  // The time of day, written as toISOString writes it, without building the whole string each time.
  let rest = epoch - day * DAY_MS;
  const ms = rest % 1000;
  rest = (rest - ms) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  return `${lastDayText} ${TWO_DIGITS[(rest - (rest % 60)) / 60]}:${TWO_DIGITS[rest % 60]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[ms]}000`;
}

const SQLITE_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads a timestamp as either database stores it: SQLAlchemy's text (naive means UTC, as Aana's
 * TimezoneAwareDateTime assumes), ISO 8601 with an offset, epoch milliseconds, or a driver `Date`.
 */
export function parseDbTimestamp(value: unknown): Date {
  const date = parseAny(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${String(value)}`);
  return date;
}

function parseAny(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    const m = SQLITE_TEXT.exec(value.trim());
    if (m) {
      const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = m;
      const ms = Math.floor(Number(frac.padEnd(3, '0').slice(0, 3)));
      let epoch = utcEpoch(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
      if (zone && zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
        epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
      }
      return new Date(epoch);
    }
    if (/^\d+$/.test(value)) return new Date(Number(value));
  }
  throw new TypeError(`not a timestamp: ${JSON.stringify(value)}`);
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` with a day every month has: slicing it gives what `parseDbTimestamp` would. */
const SQLALCHEMY_TEXT = /^[1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}$/;

/**
 * `parseDbTimestamp(value).toISOString()`, with a fast path for the text SQLite stores (SQLAlchemy's
 * UTC format): export and list convert two timestamps per row, and a million rows add up.
 */
export function dbTimestampToIso(value: unknown): string {
  if (typeof value === 'string' && SQLALCHEMY_TEXT.test(value)) return `${value.slice(0, 10)}T${value.slice(11, 23)}Z`;
  return parseDbTimestamp(value).toISOString();
}

/** `dbTimestampToIso` for a column of a row, failing with an error that names both. */
export function rowTimestampToIso(value: unknown, table: string, id: string, column: string): string {
  try {
    return dbTimestampToIso(value);
  } catch {
    throw new UnreadableValueError(column, `not a timestamp: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`, { table, id });
  }
}
