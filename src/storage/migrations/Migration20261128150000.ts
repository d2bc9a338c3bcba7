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
 * rules), deleted with their transcript by the foreign key. Each caption's text likewise, in
 * `caption_fts`. Outside the entities (UNMODELLED_TABLES).
 */
export class Migration20261128150000 extends Migration {
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
      this.addSql("create virtual table `caption_fts` using fts5(caption_id unindexed, id_key, caption, tokenize = 'unicode61 remove_diacritics 2');");
      const insertCaption = (row: string) => `insert into caption_fts (caption_id, id_key, caption) values (${row}.id, 'c' || ${row}.id, ${row}.caption);`;
      const removeCaption = "delete from caption_fts where caption_fts match ('id_key:c' || old.id);";
      this.addSql("insert into `caption_fts` (caption_id, id_key, caption) select id, 'c' || id, caption from `caption`;");
      this.addSql(`create trigger \`caption_fts_after_insert\` after insert on \`caption\` begin ${insertCaption('new')} end;`);
      this.addSql(`create trigger \`caption_fts_after_delete\` after delete on \`caption\` begin ${removeCaption} end;`);
      this.addSql(`create trigger \`caption_fts_after_update\` after update of id, caption on \`caption\` begin ${removeCaption} ${insertCaption('new')} end;`);
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
    this.addSql(
      'create table "caption_fts" ("caption_id" integer not null, "document" tsvector not null, constraint "caption_fts_pkey" primary key ("caption_id"), ' +
        'constraint "caption_fts_caption_id_foreign" foreign key ("caption_id") references "caption" ("id") on delete cascade on update cascade);',
    );
    this.addSql('create index "ix_caption_fts_document" on "caption_fts" using gin ("document");');
    this.addSql('insert into "caption_fts" ("caption_id", "document") select id, video_fts_vector(caption) from "caption";');
    this.addSql(
      'create function "caption_fts_refresh"() returns trigger language plpgsql as $$ begin ' +
        'insert into "caption_fts" ("caption_id", "document") select c.id, video_fts_vector(c.caption) from changed c ' +
        'on conflict ("caption_id") do update set "document" = excluded."document"; return null; end $$;',
    );
    for (const [table, event] of [['transcript_segment_fts', 'insert'], ['transcript_segment_fts', 'update'], ['caption_fts', 'insert'], ['caption_fts', 'update']]) {
      const on = table === 'caption_fts' ? 'caption' : 'transcript';
      this.addSql(`create trigger "${table}_after_${event}" after ${event} on "${on}" referencing new table as changed for each statement execute function "${table}_refresh"();`);
    }
  }

  override down(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) {
      for (const table of ['transcript_segment_fts', 'caption_fts']) {
        for (const event of ['insert', 'delete', 'update']) this.addSql(`drop trigger if exists \`${table}_after_${event}\`;`);
        this.addSql(`drop table if exists \`${table}\`;`);
      }
      return;
    }
    for (const [table, on] of [['transcript_segment_fts', 'transcript'], ['caption_fts', 'caption']]) {
      for (const event of ['insert', 'update']) this.addSql(`drop trigger if exists "${table}_after_${event}" on "${on}";`);
      this.addSql(`drop function if exists "${table}_refresh"();`);
      this.addSql(`drop table if exists "${table}";`);
    }
  }
}
