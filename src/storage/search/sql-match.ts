import { searchTokens } from './fold.js';
import type { SearchQuery, SearchTerm } from './query-syntax.js';

/** A term as an FTS5 string (nothing in it is read as query syntax), `*` making its last word a prefix. */
const fts5Term = (term: SearchTerm) => `"${term.text.replace(/"/g, '""')}"${term.prefix ? ' *' : ''}`;

/** The query as an FTS5 MATCH expression over `columns` (an FTS5 column filter: `text`, `{title description}`). */
export function fts5Match(query: SearchQuery, columns: string): string {
  let expr = query.all.map((group) => `(${group.map(fts5Term).join(' OR ')})`).join(' AND ');
  for (const term of query.none) expr = `(${expr}) NOT ${fts5Term(term)}`;
  return `${columns} : (${expr})`;
}

/** The same query as a PostgreSQL tsquery expression, each term folded by video_fts_query() (phrases inside one field of a video's document). */
export function tsqueryOf(query: SearchQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const term = (t: SearchTerm) => {
    params.push(t.text, t.prefix);
    return 'video_fts_query(?::text, ?::boolean)';
  };
  const groups = query.all.map((group) => `(${group.map(term).join(' || ')})`);
  const excluded = query.none.map((t) => `!! ${term(t)}`);
  return { sql: [...groups, ...excluded].join(' && '), params };
}

/** A term as tsquery text: its words folded (searchTokens, the index's fold) and quoted, in sequence, the last a prefix when asked. */
const tsqueryTerm = (term: SearchTerm) => `${searchTokens(term.text).map((word) => `'${word}'`).join(' <-> ')}${term.prefix ? ':*' : ''}`;

/**
 * The query as tsquery text for a document of one field without weights (a segment, a caption).
 * Passed as a value, it lets PostgreSQL's planner see the words and estimate how many rows match:
 * for common words a scan that stops at the LIMIT beats reading the whole GIN posting list.
 * Folded words hold no quote or backslash (both separate words), so quoting them is enough.
 */
export function tsqueryText(query: SearchQuery): string {
  const groups = query.all.map((group) => `(${group.map(tsqueryTerm).join(' | ')})`);
  const excluded = query.none.map((term) => `!(${tsqueryTerm(term)})`);
  return [...groups, ...excluded].join(' & ');
}
