import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../platform.js';

/** The words of a query term, folded as the index folds them, with the last one's position. */
const WORDS =
  "with w as (select t.word, t.n, max(t.n) over () as last from regexp_split_to_table(video_fts_fold(term), ' ') with ordinality as t(word, n) where t.word <> '') ";
const lexeme = (weight: string) => `'''' || w.word || ''':' || case when prefix and w.n = w.last then '*' else '' end || '${weight}'`;

const BEFORE =
  'create or replace function "video_fts_query"(term text, prefix boolean) returns tsquery language sql immutable strict parallel safe as $$ ' +
  "select (string_agg('''' || w.word || '''', ' <-> ' order by w.n) || case when prefix then ':*' else '' end)::tsquery " +
  "from regexp_split_to_table(video_fts_fold(term), ' ') with ordinality as w(word, n) where w.word <> '' $$;";

/**
 * A phrase matches inside one field on PostgreSQL, as on SQLite, where FTS5 keeps title and
 * description apart: the document joins the two fields' words (title weight A, description B), so
 * `"coöperation ünïcödé"` matched the last word of a title and the first of its description. A
 * phrase of several words now asks for all of them in field A, or all in field B. One word is left
 * as it was. Queries only: the index is unchanged.
 */
export class Migration20261128060000 extends Migration {
  override up(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) return;
    this.addSql(
      'create or replace function "video_fts_query"(term text, prefix boolean) returns tsquery language sql immutable strict parallel safe as $$ ' +
        WORDS +
        "select case when count(*) = 1 then (max('''' || w.word || '''') || case when prefix then ':*' else '' end)::tsquery " +
        `else ('(' || string_agg(${lexeme('A')}, ' <-> ' order by w.n) || ') | (' || string_agg(${lexeme('B')}, ' <-> ' order by w.n) || ')')::tsquery end from w $$;`,
    );
  }

  override down(): void {
    if (isSqlitePlatform(this.driver.getPlatform())) return;
    this.addSql(BEFORE);
  }
}
