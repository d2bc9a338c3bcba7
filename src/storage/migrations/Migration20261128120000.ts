import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';
import { pgSearchTrigger, sqliteSearchTrigger } from './Migration20261127120000.js';

/** SQLite: while this one-row table holds a row, the insert and update triggers stand aside. */
export const SQLITE_BULK_WHEN = 'not exists (select 1 from `video_fts_bulk`)';
/** PostgreSQL: while the transaction has `aana_store.bulk` set to on (SET LOCAL), the triggers stand aside. */
const PG_WHEN = 'not "video_fts_bulk"()';

/**
 * A bulk import keeps the search index itself, one set-based statement per chunk
 * (bulk/search-upkeep.ts), instead of a trigger per row. It tells the triggers to stand aside
 * inside its own transaction only: on SQLite by a row it writes to `video_fts_bulk` and deletes
 * before committing (no other connection ever sees it; a trigger cannot read a temp table), on
 * PostgreSQL by a transaction-scoped setting (which survives PgBouncer's transaction pooling).
 * Every other writer, the Aana SDK included, still fires the triggers.
 */
export class Migration20261128120000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      this.addSql('create table `video_fts_bulk` (`one` integer not null primary key check (`one` = 1));');
      this.replaceSqlite(SQLITE_BULK_WHEN);
      return;
    }
    this.addSql(
      'create function "video_fts_bulk"() returns boolean language sql stable parallel safe as ' +
        "$$ select coalesce(current_setting('aana_store.bulk', true), '') = 'on' $$;",
    );
    this.replacePg(PG_WHEN);
  }

  override down(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      this.replaceSqlite();
      this.addSql('drop table if exists `video_fts_bulk`;');
      return;
    }
    this.replacePg();
    this.addSql('drop function if exists "video_fts_bulk"();');
  }

  private replaceSqlite(when?: string): void {
    for (const event of ['insert', 'update'] as const) {
      this.addSql(`drop trigger if exists \`video_fts_after_${event}\`;`);
      this.addSql(sqliteSearchTrigger(event, when));
    }
  }

  private replacePg(when?: string): void {
    for (const event of ['insert', 'update'] as const) {
      this.addSql(`drop trigger if exists "video_fts_after_${event}" on "video";`);
      this.addSql(pgSearchTrigger(event, when));
    }
  }
}
