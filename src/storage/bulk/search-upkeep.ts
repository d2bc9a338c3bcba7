import type { PoolClient } from 'pg';
import { NEW_DOCUMENT } from '../migrations/Migration20261128000000.js';
import type { SqliteConnection } from './sqlite-statements.js';
import type { SqliteRows } from './sqlite-rows.js';

// The search index during a bulk import: the import tells the search triggers to stand aside inside
// its own transaction (Migration20261128120000) and brings the index up to date itself, one
// set-based statement per chunk for exactly the ids the chunk wrote, as the triggers would (FTS5's
// tokenizer over the keyed, contentless video_fts of Migration20261128160000 on SQLite,
// video_fts_vector on PostgreSQL). On a schema without those migrations (still pending) the
// triggers keep doing it, and these calls do nothing.

/** The ids of a chunk, as one parameter. */
const IDS = 'select value from json_each(?)';

/** SQLite: a row in `video_fts_bulk`, written and deleted inside the transaction, stops the triggers. */
export class SqliteSearchUpkeep {
  private active = false;

  constructor(
    private readonly db: SqliteConnection,
    private readonly video: string,
  ) {}

  /** Right after the transaction begins. */
  begin(): void {
    const tables = this.db.prepare("select name from sqlite_master where type = 'table' and name in ('video_fts_bulk', 'video_fts_key')").all([]);
    this.active = tables.length === 2;
    if (this.active) this.db.prepare('insert into video_fts_bulk (one) values (1)').run([]);
  }

  /** Before stored rows are overwritten: their words leave the index, given as it indexed them. */
  replacing(ids: readonly string[]): void {
    if (!this.active || ids.length === 0) return;
    this.db
      .prepare(
        "insert into video_fts (video_fts, rowid, title, description) select 'delete', k.rowid, v.title, v.description " +
          `from video_fts_key k join ${this.video} v on v.id = k.id where k.id in (${IDS})`,
      )
      .run([JSON.stringify(ids)]);
  }

  /** After a chunk is written: its rows (sqlite-rows.ts) new to `video` or overwritten (after `replacing`). */
  written(rows: SqliteRows): void {
    if (!this.active || rows.count === 0) return;
    const param = [rows.ids];
    this.db.prepare(`insert into video_fts_key (id) ${IDS} where true on conflict (id) do nothing`).run(param);
    this.db
      .prepare(`insert into video_fts (rowid, title, description) select k.rowid, v.title, v.description from video_fts_key k join ${this.video} v on v.id = k.id where k.id in (${IDS})`)
      .run(param);
  }

  /** Right before the transaction commits. */
  end(): void {
    if (this.active) this.db.prepare('delete from video_fts_bulk').run([]);
  }
}

/** PostgreSQL: `aana_store.bulk` set for the transaction alone (SET LOCAL) stops the triggers. */
export class PgSearchUpkeep {
  private active = false;

  constructor(
    private readonly client: PoolClient,
    private readonly video: string,
  ) {}

  /** Right after the transaction begins. */
  async begin(): Promise<void> {
    const result = await this.client.query("select set_config('aana_store.bulk', 'on', true) where to_regprocedure('video_fts_bulk()') is not null");
    this.active = (result.rowCount ?? 0) > 0;
  }

  /** After a chunk: the ids it inserted or overwrote. */
  async written(inserted: readonly string[], replaced: readonly string[]): Promise<void> {
    const ids = [...inserted, ...replaced];
    if (!this.active || ids.length === 0) return;
    await this.client.query(
      `insert into video_fts (id, document) select v.id, ${NEW_DOCUMENT('v')} from ${this.video} v where v.id = any($1) ` +
        'on conflict (id) do update set document = excluded.document',
      [ids],
    );
  }

}
