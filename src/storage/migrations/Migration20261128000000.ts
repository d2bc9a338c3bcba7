import { Migration } from '@mikro-orm/migrations';
import { pgFoldBody } from '../search/fold.js';
import { isSqlitePlatform } from '../platform.js';

const OLD_DOCUMENT = (row: string) =>
  `setweight(to_tsvector('simple', coalesce(${row}.title, '')), 'A') || setweight(to_tsvector('simple', coalesce(${row}.description, '')), 'B')`;
/** The tsvector a video is found by, folded as SQLite folds: the triggers and the bulk import's upkeep both use it. */
export const NEW_DOCUMENT = (row: string) => `setweight(video_fts_vector(${row}.title), 'A') || setweight(video_fts_vector(${row}.description), 'B')`;

const refresh = (document: (row: string) => string) =>
  'create or replace function "video_fts_refresh"() returns trigger language plpgsql as $$ begin ' +
  `insert into "video_fts" ("id", "document") select c.id, ${document('c')} from changed c ` +
  'on conflict ("id") do update set "document" = excluded."document"; return null; end $$;';

/**
 * PostgreSQL search finds what SQLite's finds: its words are folded by SQLite's own FTS5 rules
 * (fold-table.ts: case, diacritics, separators) in plain SQL functions, which need no extension,
 * and go into the tsvector as they are, without PostgreSQL's parser. The index is rebuilt. SQLite is
 * the reference and does not change.
 */
export class Migration20261128000000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) return;
    this.addSql(`create function "video_fts_fold"(doc text) returns text language plpgsql immutable strict parallel safe as $$ ${pgFoldBody()} $$;`);
    // Words PostgreSQL cannot index (over 2047 bytes) are left out; positions stop at its limit, 16383.
    this.addSql(
      'create function "video_fts_vector"(doc text) returns tsvector language sql immutable parallel safe as $$ ' +
        "select coalesce(string_agg('''' || w.word || ''':' || least(w.n, 16383), ' '), '')::tsvector " +
        "from regexp_split_to_table(video_fts_fold(coalesce(doc, '')), ' ') with ordinality as w(word, n) where w.word <> '' and octet_length(w.word) <= 2047 $$;",
    );
    this.addSql(
      'create function "video_fts_query"(term text, prefix boolean) returns tsquery language sql immutable strict parallel safe as $$ ' +
        "select (string_agg('''' || w.word || '''', ' <-> ' order by w.n) || case when prefix then ':*' else '' end)::tsquery " +
        "from regexp_split_to_table(video_fts_fold(term), ' ') with ordinality as w(word, n) where w.word <> '' $$;",
    );
    this.addSql(refresh(NEW_DOCUMENT));
    this.addSql(`update "video_fts" f set "document" = ${NEW_DOCUMENT('v')} from "video" v where v.id = f.id;`);
    this.addSql('reindex index "ix_video_fts_document";');
  }

  override down(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) return;
    this.addSql(refresh(OLD_DOCUMENT));
    // A damaged index (its table dropped) is rebuilt by reverting this and the search migration.
    this.addSql(
      `do $$ begin if to_regclass('video_fts') is not null then update "video_fts" f set "document" = ${OLD_DOCUMENT('v')} from "video" v where v.id = f.id; ` +
        `execute 'reindex index "ix_video_fts_document"'; end if; end $$;`,
    );
    for (const fn of ['video_fts_query(text, boolean)', 'video_fts_vector(text)', 'video_fts_fold(text)']) this.addSql(`drop function if exists ${fn};`);
  }
}
