import { parseSearchQuery, type SearchQuery, type SearchTerm } from '../search/query-syntax.js';
import { extendedJoin, type SqlDialect, type SqlQuery, VIDEO_COLUMNS, type VideoTables } from './video-query.js';
import { VIDEO_MEDIA_TYPES } from '../records.js';

/** A term as an FTS5 string (nothing in it is read as query syntax), `*` making its last word a prefix. */
const fts5Term = (term: SearchTerm) => `"${term.text.replace(/"/g, '""')}"${term.prefix ? ' *' : ''}`;

function fts5Match(query: SearchQuery): string {
  let expr = query.all.map((group) => `(${group.map(fts5Term).join(' OR ')})`).join(' AND ');
  for (const term of query.none) expr = `(${expr}) NOT ${fts5Term(term)}`;
  return `{title description} : (${expr})`;
}

/** The same query as a PostgreSQL tsquery expression, each term folded by video_fts_query(). */
function tsqueryOf(query: SearchQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const term = (t: SearchTerm) => {
    params.push(t.text, t.prefix);
    return 'video_fts_query(?::text, ?::boolean)';
  };
  const groups = query.all.map((group) => `(${group.map(term).join(' || ')})`);
  const excluded = query.none.map((t) => `!! ${term(t)}`);
  return { sql: [...groups, ...excluded].join(' && '), params };
}

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
  const from = `from video_fts f join ${video} v on v.id = f.id join ${media} m on m.id = v.id ${extendedJoin(dialect, tables)}`;
  const kinds = `m.media_type in (${VIDEO_MEDIA_TYPES.map(() => '?').join(', ')})`;
  if (dialect.sqlite) {
    return {
      sql: `select ${VIDEO_COLUMNS} ${from} where video_fts match ? and ${kinds} order by bm25(video_fts, 0.0, 0.0, 10.0, 1.0), m.id limit ?`,
      params: [fts5Match(query), ...VIDEO_MEDIA_TYPES, limit],
    };
  }
  const tsquery = tsqueryOf(query);
  return {
    sql: `select ${VIDEO_COLUMNS} ${from} cross join (select ${tsquery.sql} as q) s where f.document @@ s.q and ${kinds} order by ts_rank(f.document, s.q) desc, m.id limit ?`,
    params: [...tsquery.params, ...VIDEO_MEDIA_TYPES, limit],
  };
}
