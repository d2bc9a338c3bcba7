import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';

/** Each segment of a PostgreSQL transcript row `t` with its 0-based position: (t.id, n, text). */
const PG_SEGMENTS = (row: string) =>
  `select ${row}.id, (s.n - 1)::int, video_fts_vector(s.value->>'text') from json_array_elements(${row}.segments::json) with ordinality as s(value, n)`;

/**
 * Search to the second: every transcript segment's text in a full-text index, one row per segment
 * (transcript id, position in `segments`), kept in step with `transcript` by triggers in the
 * database, so that rows the Aana SDK writes are indexed too. SQLite: an FTS5 table, its words folded
 * as video_fts folds them; rows are found for deletion by `id_key`, the transcript id as one token.
 * PostgreSQL: a tsvector per segment with a GIN index, words folded by video_fts_vector (the same
 * rules), deleted with their transcript by the foreign key. Outside the entities (UNMODELLED_TABLES).
 */
export class Migration20261128130000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      this.addSql("create virtual table `transcript_segment_fts` using fts5(transcript_id unindexed, segment unindexed, id_key, text, tokenize = 'unicode61 remove_diacritics 2');");
      const insert = (row: string) =>
        "insert into transcript_segment_fts (transcript_id, segment, id_key, text) " +
        `select ${row}.id, s.key, 't' || ${row}.id, json_extract(s.value, '$.text') from json_each(${row}.segments) s`;
      const remove = "delete from transcript_segment_fts where transcript_segment_fts match ('id_key:t' || old.id);";
      this.addSql(`${insert('t').replace('from json_each(t.segments) s', 'from `transcript` t, json_each(t.segments) s')};`);
      this.addSql(`create trigger \`transcript_segment_fts_after_insert\` after insert on \`transcript\` begin ${insert('new')}; end;`);
      this.addSql(`create trigger \`transcript_segment_fts_after_delete\` after delete on \`transcript\` begin ${remove} end;`);
      this.addSql(`create trigger \`transcript_segment_fts_after_update\` after update of id, segments on \`transcript\` begin ${remove} ${insert('new')}; end;`);
      return;
    }
    this.addSql(
      'create table "transcript_segment_fts" ("transcript_id" integer not null, "segment" integer not null, "document" tsvector not null, ' +
        'constraint "transcript_segment_fts_pkey" primary key ("transcript_id", "segment"), ' +
        'constraint "transcript_segment_fts_transcript_id_foreign" foreign key ("transcript_id") references "transcript" ("id") on delete cascade on update cascade);',
    );
    this.addSql('create index "ix_transcript_segment_fts_document" on "transcript_segment_fts" using gin ("document");');
    this.addSql(`insert into "transcript_segment_fts" ("transcript_id", "segment", "document") select x.* from "transcript" t cross join lateral (${PG_SEGMENTS('t')}) x;`);
    // Statement-level triggers with transition tables: a bulk insert refreshes the index in one statement.
    this.addSql(
      'create function "transcript_segment_fts_refresh"() returns trigger language plpgsql as $$ begin ' +
        'delete from "transcript_segment_fts" f using changed c where f.transcript_id = c.id; ' +
        `insert into "transcript_segment_fts" ("transcript_id", "segment", "document") select x.* from changed c cross join lateral (${PG_SEGMENTS('c')}) x; ` +
        'return null; end $$;',
    );
    for (const event of ['insert', 'update']) {
      this.addSql(
        `create trigger "transcript_segment_fts_after_${event}" after ${event} on "transcript" referencing new table as changed for each statement execute function "transcript_segment_fts_refresh"();`,
      );
    }
  }

  override down(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      for (const event of ['insert', 'delete', 'update']) this.addSql(`drop trigger if exists \`transcript_segment_fts_after_${event}\`;`);
      this.addSql('drop table if exists `transcript_segment_fts`;');
      return;
    }
    for (const event of ['insert', 'update']) this.addSql(`drop trigger if exists "transcript_segment_fts_after_${event}" on "transcript";`);
    this.addSql('drop function if exists "transcript_segment_fts_refresh"();');
    this.addSql('drop table if exists "transcript_segment_fts";');
  }
}
