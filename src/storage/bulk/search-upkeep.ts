import type { PoolClient } from 'pg';
import { NEW_DOCUMENT } from '../migrations/Migration20261128000000.js';
import type { SqliteConnection } from './sqlite-statements.js';
import type { SqliteRows } from './sqlite-rows.js';

// The search index during a bulk import: the search triggers stand aside inside the import's own
// transaction, and the import brings the index up to date itself, set-based, for exactly the ids it
// wrote, as the triggers would (FTS5's tokenizer over the keyed, contentless video_fts of
// Migration20261128160000 on SQLite, video_fts_vector on PostgreSQL). On a schema without those
// migrations (still pending) the triggers keep doing it, and these calls do nothing.

/** The ids of a chunk, as one parameter. */
const IDS = 'select value from json_each(?)';

/** The triggers that index a written row; the delete trigger stays, as an import deletes nothing. */
const INDEXING_TRIGGERS = "('video_fts_after_insert', 'video_fts_after_update')";

/**
 * SQLite: the indexing triggers are dropped inside the transaction and created again, as they were,
 * before it commits, so no other connection ever sees them gone (a rollback restores them too).
 * Dropping them costs less than a trigger that fires on every row to stand aside (the
 * `video_fts_bulk` row of Migration20261128120000, which other writers still find empty).
 * The words of rows new to the index are added in one statement before the commit, in key order:
 * FTS5 writes out what it holds at every statement once it has been written in the transaction, and
 * whenever a document's rowid is not above the last one, so that one statement per chunk (or rows
 * out of rowid order) cost it a segment each time, and merging them cost more than the words.
 */
export class SqliteSearchUpkeep {
  private active = false;
  /** The indexing triggers' own SQL, to create them again. */
  private triggers: string[] = [];
  /** Keys above this rowid are in `video_fts_key` but their words are not in the index yet. */
  private indexed = 0;

  constructor(
    private readonly db: SqliteConnection,
    private readonly video: string,
  ) {}

  /** Right after the transaction begins. */
  begin(): void {
    this.active = this.db.prepare("select 1 from sqlite_master where type = 'table' and name = 'video_fts_key'").all([]).length > 0;
    if (!this.active) return;
    const triggers = this.db.prepare(`select name, sql from sqlite_master where type = 'trigger' and name in ${INDEXING_TRIGGERS}`).all([]) as Array<{ name: string; sql: string }>;
    for (const { name } of triggers) this.db.prepare(`drop trigger "${name}"`).run([]);
    this.triggers = triggers.map((trigger) => trigger.sql);
    this.indexed = this.lastKey();
  }

  /** Before stored rows are overwritten: their words leave the index, given as it indexed them. */
  replacing(ids: readonly string[]): void {
    if (!this.active || ids.length === 0) return;
    // A row written earlier in this transaction must be in the index before its words can leave it.
    this.flush();
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
    const keyed = this.db.prepare(`insert into video_fts_key (id) ${IDS} where true on conflict (id) do nothing`).run(param) as { changes: number };
    if (keyed.changes === rows.count) return;
    // Rows that had a key already (rewritten ones): their words now, under the key they keep.
    this.db
      .prepare(
        `insert into video_fts (rowid, title, description) select k.rowid, v.title, v.description from video_fts_key k join ${this.video} v on v.id = k.id ` +
          `where k.id in (${IDS}) and k.rowid <= ? order by k.rowid`,
      )
      .run([rows.ids, this.indexed]);
  }

  /** Right before the transaction commits. */
  end(): void {
    if (!this.active) return;
    this.flush();
    for (const sql of this.triggers) this.db.prepare(sql).run([]);
    this.triggers = [];
  }

  /** Adds the words of the rows keyed since the last flush. */
  private flush(): void {
    const last = this.lastKey();
    if (last === this.indexed) return;
    this.db
      .prepare(
        `insert into video_fts (rowid, title, description) select k.rowid, v.title, v.description from video_fts_key k join ${this.video} v on v.id = k.id ` +
          'where k.rowid > ? order by k.rowid',
      )
      .run([this.indexed]);
    this.indexed = last;
  }

  /** The highest key in `video_fts_key` (0 when empty). */
  private lastKey(): number {
    return (this.db.prepare('select coalesce(max(rowid), 0) as last from video_fts_key').all([])[0] as { last: number }).last;
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
