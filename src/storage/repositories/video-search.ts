import { parseSearchQuery, type SearchQuery } from '../search/query-syntax.js';
import { fts5Match, tsqueryOf } from '../search/sql-match.js';
import { type SqlDialect, type SqlQuery, VIDEO_COLUMNS, type VideoTables } from './video-query.js';
import { VIDEO_MEDIA_TYPE } from '../records.js';

/**
 * Videos whose title or description match `text` (see parseSearchQuery for the syntax), best match
 * first (then by id). Both databases fold words the same way (fold-table.ts). SQLite ranks with
 * FTS5's bm25, title words weighing ten times description words; PostgreSQL with ts_rank over a
 * tsvector whose title words carry weight A.
 */
export function videoSearchQuery(dialect: SqlDialect, tables: VideoTables, text: string | SearchQuery, limit: number): SqlQuery {
  const query = typeof text === 'string' ? parseSearchQuery(text) : text;
  const media = dialect.quote(tables.media);
  const video = dialect.quote(tables.video);
  const from = `from video_fts f join ${video} v on v.id = f.id join ${media} m on m.id = v.id`;
  if (dialect.sqlite) {
    return {
      sql: `select ${VIDEO_COLUMNS} ${from} where video_fts match ? and m.media_type = ? order by bm25(video_fts, 0.0, 0.0, 10.0, 1.0), m.id limit ?`,
      params: [fts5Match(query, '{title description}'), VIDEO_MEDIA_TYPE, limit],
    };
  }
  const tsquery = tsqueryOf(query);
  return {
    sql: `select ${VIDEO_COLUMNS} ${from} cross join (select ${tsquery.sql} as q) s where f.document @@ s.q and m.media_type = ? order by ts_rank(f.document, s.q) desc, m.id limit ?`,
    params: [...tsquery.params, VIDEO_MEDIA_TYPE, limit],
  };
}
