import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { UnreadableValueError } from '../../errors.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** SQLAlchemy's SQLite DATETIME text in UTC: `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function toSqlAlchemyText(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000`
  );
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
      let epoch = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
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

export function isSqlitePlatform(platform: Platform): boolean {
  return platform instanceof BaseSqlitePlatform;
}

/**
 * A timezone-aware timestamp stored the way the Aana SDK stores it: `timestamptz` on PostgreSQL,
 * SQLAlchemy's UTC text in a `datetime` column on SQLite (MikroORM's own SQLite default is epoch
 * milliseconds, which SQLAlchemy cannot read).
 */
export class AanaTimestampType extends Type<Date, string | Date> {
  override convertToDatabaseValue(value: Date | string, platform: Platform): string | Date {
    const date = parseDbTimestamp(value);
    return isSqlitePlatform(platform) ? toSqlAlchemyText(date) : date;
  }

  override convertToJSValue(value: string | Date, _platform: Platform): Date {
    try {
      return parseDbTimestamp(value);
    } catch {
      // Not a TypeError: MikroORM would print its hydrator's source with one. The reader adds the row.
      throw new UnreadableValueError(this.prop?.fieldNames?.[0] ?? 'timestamp', 'not a timestamp');
    }
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return isSqlitePlatform(platform) ? 'datetime' : 'timestamptz';
  }

  override compareAsType(): string {
    return 'Date';
  }

  override ensureComparable(): boolean {
    return false;
  }

  override get runtimeType(): string {
    return 'Date';
  }
}
