import type { Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';

/** SQLite (either driver), as against PostgreSQL: where the two databases differ in SQL. */
export function isSqlitePlatform(platform: Platform): boolean {
  return platform instanceof BaseSqlitePlatform;
}
