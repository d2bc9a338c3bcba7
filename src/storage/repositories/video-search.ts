import { parseSearchQuery, type SearchQuery, type SearchTerm } from '../search/query-syntax.js';
import { type SqlDialect, type SqlQuery, VIDEO_COLUMNS, type VideoTables } from './video-query.js';
import { VIDEO_MEDIA_TYPE } from '../records.js';

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
  const joined = `join ${video} v on v.id = f.id join ${media} m on m.id = v.id`;
  if (dialect.sqlite) {
    // FTS5 rows are keyed by video_fts_key (Migration20261128160000), whose id leads to the video.
    return {
      sql: `select ${VIDEO_COLUMNS} from video_fts join video_fts_key f on f.rowid = video_fts.rowid ${joined} where video_fts match ? and m.media_type = ? order by bm25(video_fts, 10.0, 1.0), m.id limit ?`,
      params: [fts5Match(query), VIDEO_MEDIA_TYPE, limit],
    };
  }
  const tsquery = tsqueryOf(query);
  return {
    sql: `select ${VIDEO_COLUMNS} from video_fts f ${joined} cross join (select ${tsquery.sql} as q) s where f.document @@ s.q and m.media_type = ? order by ts_rank(f.document, s.q) desc, m.id limit ?`,
    params: [...tsquery.params, VIDEO_MEDIA_TYPE, limit],
  };
}
