import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { UnreadableValueError } from '../../errors.js';
import { isSqlitePlatform } from '../platform.js';
import { parseDbTimestamp, toSqlAlchemyText } from './timestamp-text.js';

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
