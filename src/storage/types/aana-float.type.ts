import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { isSqlitePlatform } from '../platform.js';

/** SQLAlchemy's Float: `FLOAT` on SQLite, `double precision` on PostgreSQL (which is what its FLOAT means there). */
export class AanaFloatType extends Type<number, number> {
  override convertToJSValue(value: number | string): number {
    return Number(value);
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return isSqlitePlatform(platform) ? 'float' : 'double precision';
  }

  override compareAsType(): string {
    return 'number';
  }

  override get runtimeType(): string {
    return 'number';
  }
}
