import type { PoolClient } from 'pg';
import { NEW_DOCUMENT } from '../migrations/Migration20261128000000.js';
import type { SqliteConnection } from './sqlite-statements.js';

// The search index during a bulk import: the import tells the search triggers to stand aside inside
// its own transaction (Migration20261128120000) and brings the index up to date itself, one
// set-based statement per chunk for exactly the ids the chunk wrote, through the same SQL the
// triggers run (FTS5's tokenizer on SQLite, video_fts_vector on PostgreSQL). On a schema without
// that migration (still pending) the triggers keep doing it, and these calls do nothing.

/** SQLite: a row in `video_fts_bulk`, written and deleted inside the transaction, stops the triggers. */
export class SqliteSearchUpkeep {
  private active = false;

  constructor(
    private readonly db: SqliteConnection,
    private readonly video: string,
  ) {}

  /** Right after the transaction begins. */
  begin(): void {
    this.active = this.db.prepare("select 1 from sqlite_master where type = 'table' and name = 'video_fts_bulk'").all([]).length > 0;
    if (this.active) this.db.prepare('insert into video_fts_bulk (one) values (1)').run([]);
  }

  /** After a chunk: `inserted` are ids new to `video`, `replaced` ids whose stored row was overwritten. */
  written(inserted: readonly string[], replaced: readonly string[]): void {
    if (!this.active) return;
    // A stored row is found in the index by its id's hex token, as the update trigger finds it.
    if (replaced.length > 0) {
      this.db
        .prepare("delete from video_fts where video_fts match (select 'id_hex : (' || group_concat('\"' || hex(value) || '\"', ' OR ') || ')' from json_each(?))")
        .run([JSON.stringify(replaced)]);
    }
    const ids = [...inserted, ...replaced];
    if (ids.length === 0) return;
    this.db
      .prepare(`insert into video_fts (id, id_hex, title, description) select id, hex(id), title, description from ${this.video} where id in (select value from json_each(?))`)
      .run([JSON.stringify(ids)]);
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
