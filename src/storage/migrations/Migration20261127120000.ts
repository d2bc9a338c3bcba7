import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';

/** The tsvector a PostgreSQL video is found by: title words weigh more than description words. */
const PG_DOCUMENT = (row: string) =>
  `setweight(to_tsvector('simple', coalesce(${row}.title, '')), 'A') || setweight(to_tsvector('simple', coalesce(${row}.description, '')), 'B')`;

const SQLITE_INSERT_NEW = 'insert into video_fts (id, id_hex, title, description) values (new.id, hex(new.id), new.title, new.description);';
const SQLITE_DELETE_OLD = "delete from video_fts where video_fts match ('id_hex:' || hex(old.id));";
const SQLITE_EVENTS = { insert: 'insert', delete: 'delete', update: 'update of id, title, description' };
const SQLITE_BODIES = { insert: SQLITE_INSERT_NEW, delete: SQLITE_DELETE_OLD, update: `${SQLITE_DELETE_OLD} ${SQLITE_INSERT_NEW}` };

/** A SQLite trigger keeping video_fts in step with `video` row by row; `when` is a condition that skips it. */
export function sqliteSearchTrigger(event: 'insert' | 'delete' | 'update', when?: string): string {
  return `create trigger \`video_fts_after_${event}\` after ${SQLITE_EVENTS[event]} on \`video\` ${when ? `when ${when} ` : ''}begin ${SQLITE_BODIES[event]} end;`;
}

/** A PostgreSQL statement-level trigger refreshing video_fts from the rows a statement wrote; `when` is a condition that skips it. */
export function pgSearchTrigger(event: 'insert' | 'update', when?: string): string {
  return (
    `create trigger "video_fts_after_${event}" after ${event} on "video" referencing new table as changed for each statement ` +
    `${when ? `when (${when}) ` : ''}execute function "video_fts_refresh"();`
  );
}

/**
 * Catalog search: an index for `video list --sort updated_at` (and the list-order index, which an
 * adopted Aana database lacks), and a full-text index over title and
 * description kept in step with `video` by triggers: an FTS5 table on SQLite,
 * a tsvector table with a GIN index on PostgreSQL. The search tables are outside the entities
 * (MikroORM cannot model them) and the schema comparator skips them (UNMODELLED_TABLES in orm.ts).
 *
 * The SQLite FTS table keeps its own copy of the text: an external-content table would be keyed by
 * video's implicit rowid, which VACUUM may renumber. Rows are found for deletion by `id_hex`, the id
 * as one FTS token, since an FTS table has no other index.
 */
export class Migration20261127120000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      // An adopted Aana database never ran the baseline, so it may lack the list-order index.
      this.addSql('create index if not exists `ix_media_created_at_id` on `media` (`created_at`, `id`);');
      this.addSql('create index `ix_media_updated_at_id` on `media` (`updated_at`, `id`);');
      this.addSql("create virtual table `video_fts` using fts5(id unindexed, id_hex, title, description, tokenize = 'unicode61 remove_diacritics 2');");
      this.addSql('insert into `video_fts` (id, id_hex, title, description) select id, hex(id), title, description from `video`;');
      for (const event of ['insert', 'delete', 'update'] as const) this.addSql(sqliteSearchTrigger(event));
      return;
    }
    this.addSql('create index if not exists "ix_media_created_at_id" on "media" ("created_at", "id");');
    this.addSql('create index "ix_media_updated_at_id" on "media" ("updated_at", "id");');
    this.addSql(
      'create table "video_fts" ("id" varchar(36) not null, "document" tsvector not null, constraint "video_fts_pkey" primary key ("id"), ' +
        'constraint "video_fts_id_foreign" foreign key ("id") references "video" ("id") on delete cascade);',
    );
    this.addSql('create index "ix_video_fts_document" on "video_fts" using gin ("document");');
    this.addSql(`insert into "video_fts" ("id", "document") select v.id, ${PG_DOCUMENT('v')} from "video" v;`);
    // Statement-level triggers with transition tables: a bulk insert refreshes the index in one statement.
    this.addSql(
      'create function "video_fts_refresh"() returns trigger language plpgsql as $$ begin ' +
        `insert into "video_fts" ("id", "document") select c.id, ${PG_DOCUMENT('c')} from changed c ` +
        'on conflict ("id") do update set "document" = excluded."document"; return null; end $$;',
    );
    for (const event of ['insert', 'update'] as const) this.addSql(pgSearchTrigger(event));
  }

  override down(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      for (const trigger of ['video_fts_after_insert', 'video_fts_after_delete', 'video_fts_after_update']) this.addSql(`drop trigger if exists \`${trigger}\`;`);
      this.addSql('drop table if exists `video_fts`;');
      for (const index of ['ix_media_updated_at_id']) this.addSql(`drop index if exists \`${index}\`;`);
      return;
    }
    this.addSql('drop trigger if exists "video_fts_after_update" on "video";');
    this.addSql('drop trigger if exists "video_fts_after_insert" on "video";');
    this.addSql('drop function if exists "video_fts_refresh"();');
    this.addSql('drop table if exists "video_fts";');
    for (const index of ['ix_media_updated_at_id']) this.addSql(`drop index if exists "${index}";`);
  }
}
