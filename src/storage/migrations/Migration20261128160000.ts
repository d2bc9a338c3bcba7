import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';
import { SQLITE_BULK_WHEN } from './Migration20261128120000.js';
import { sqliteSearchTrigger } from './Migration20261127120000.js';

const TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'";
/** The index row of the video `row`, found through its key. */
const KEY_OF = (row: string) => `from video_fts_key where id = ${row}.id`;
const INDEX_NEW = `insert into video_fts (rowid, title, description) select rowid, new.title, new.description ${KEY_OF('new')};`;
/** A contentless FTS5 table forgets a row's words given the words it indexed: the old row's own. */
const FORGET_OLD = `insert into video_fts (video_fts, rowid, title, description) select 'delete', rowid, old.title, old.description ${KEY_OF('old')};`;
const BODIES = {
  insert: `insert into video_fts_key (id) values (new.id); ${INDEX_NEW}`,
  delete: `${FORGET_OLD} delete ${KEY_OF('old')};`,
  update: `${FORGET_OLD} update video_fts_key set id = new.id where id = old.id; ${INDEX_NEW}`,
};
const EVENTS = { insert: 'insert', delete: 'delete', update: 'update of id, title, description' };

/** A trigger keeping the keyed, contentless video_fts in step with `video` row by row; a bulk import stands insert and update aside. */
export function sqliteKeyedSearchTrigger(event: 'insert' | 'delete' | 'update'): string {
  const when = event === 'delete' ? '' : `when ${SQLITE_BULK_WHEN} `;
  return `create trigger \`video_fts_after_${event}\` after ${EVENTS[event]} on \`video\` ${when}begin ${BODIES[event]} end;`;
}

const TRIGGERS = ['video_fts_after_insert', 'video_fts_after_delete', 'video_fts_after_update'];

/**
 * SQLite's video search index in a cheaper shape, which the same searches find the same rows in:
 * a contentless FTS5 table over title and description (the text stays in `video` alone), its rows
 * keyed by `video_fts_key`, an integer for each video id. The id no longer needs to be one FTS
 * token (`id_hex`, ~40% of the cost of indexing a row) nor to be stored twice. The key table, not
 * video's implicit rowid, holds the number, as VACUUM or a table rebuild may renumber those.
 * A contentless table forgets a row given the words it indexed: the triggers (and the bulk import,
 * bulk/search-upkeep.ts) hand it the old row's. title and description weigh as before (bm25),
 * so rankings are unchanged. PostgreSQL's index is unchanged.
 */
export class Migration20261128160000 extends Migration {
  override up(): void {
    if (!isSqlitePlatform(this.driver.getPlatform())) return;
    this.dropIndex();
    this.addSql('create table `video_fts_key` (`rowid` integer primary key, `id` varchar(36) not null unique);');
    this.addSql(`create virtual table \`video_fts\` using fts5(title, description, content = '', ${TOKENIZE});`);
    this.addSql('insert into `video_fts_key` (id) select id from `video`;');
    this.addSql('insert into `video_fts` (rowid, title, description) select k.rowid, v.title, v.description from `video_fts_key` k join `video` v on v.id = k.id;');
    for (const event of ['insert', 'delete', 'update'] as const) this.addSql(sqliteKeyedSearchTrigger(event));
  }

  override down(): void {
    if (!isSqlitePlatform(this.driver.getPlatform())) return;
    this.dropIndex();
    this.addSql(`create virtual table \`video_fts\` using fts5(id unindexed, id_hex, title, description, ${TOKENIZE});`);
    this.addSql('insert into `video_fts` (id, id_hex, title, description) select id, hex(id), title, description from `video`;');
    this.addSql(sqliteSearchTrigger('insert', SQLITE_BULK_WHEN));
    this.addSql(sqliteSearchTrigger('delete'));
    this.addSql(sqliteSearchTrigger('update', SQLITE_BULK_WHEN));
  }

  /** Either shape's index and triggers, whichever is there (a damaged index may lack some). */
  private dropIndex(): void {
    for (const trigger of TRIGGERS) this.addSql(`drop trigger if exists \`${trigger}\`;`);
    this.addSql('drop table if exists `video_fts`;');
    this.addSql('drop table if exists `video_fts_key`;');
  }
}
