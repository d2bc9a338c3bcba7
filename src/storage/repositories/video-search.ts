import { parseSearchQuery, type SearchQuery } from '../search/query-syntax.js';
import { fts5Match, tsqueryOf, tsqueryText } from '../search/sql-match.js';
import { extendedJoin, type SqlDialect, type SqlQuery, VIDEO_COLUMNS, type VideoTables } from './video-query.js';
import { VIDEO_MEDIA_TYPES } from '../records.js';

/** A video search also reads the tables linking transcripts and captions to their video. */
export interface SearchTables extends VideoTables {
  videoTranscript: string;
  videoCaption: string;
}

/**
 * Videos that say the words (see parseSearchQuery for the syntax) in their title and description
 * (one document), in one segment of a transcript, or in one caption; best match first, then by id.
 * Each row says where: `in_document`, `in_transcript`, `in_caption` (0 or 1). Videos found by their
 * title or description come first, ranked as before: SQLite by FTS5's bm25, title words weighing
 * ten times description words; PostgreSQL by ts_rank over a tsvector whose title words carry weight
 * A. Videos found only by what is said or shown follow, by id: a rank over every matching segment
 * would cost seconds for common words. Both databases fold words the same way (fold-table.ts).
 * Plain videos and extended videos (the kind that holds transcripts and captions) are found.
 */
export function videoSearchQuery(dialect: SqlDialect, tables: SearchTables, text: string | SearchQuery, limit: number): SqlQuery {
  const query = typeof text === 'string' ? parseSearchQuery(text) : text;
  const [media, video, videoTranscript, videoCaption] = [tables.media, tables.video, tables.videoTranscript, tables.videoCaption].map((table) => dialect.quote(table));
  const said = `select e.media_id as id from transcript_segment_fts s join ${videoTranscript} e on e.id = s.transcript_id`;
  const shown = `select e.media_id as id from caption_fts c join ${videoCaption} e on e.id = c.caption_id`;
  const sources = dialect.sqlite
    ? {
        sql:
          // FTS5 rows are keyed by video_fts_key (Migration20261128160000), whose id leads to the video.
          'select f.id, -bm25(video_fts, 10.0, 1.0) as score, 0 as source from video_fts join video_fts_key f on f.rowid = video_fts.rowid where video_fts match ? ' +
          `union all select distinct id, cast(null as real), 1 from (${said} where transcript_segment_fts match ?) ` +
          `union all select distinct id, cast(null as real), 2 from (${shown} where caption_fts match ?)`,
        params: [fts5Match(query, '{title description}'), fts5Match(query, 'text'), fts5Match(query, 'caption')],
      }
    : (() => {
        const tsquery = tsqueryOf(query);
        return {
          sql:
            `select f.id, ts_rank(f.document, d.q) as score, 0 as source from video_fts f cross join (select ${tsquery.sql} as q) d where f.document @@ d.q ` +
            `union all select distinct id, cast(null as real), 1 from (${said} where s.document @@ ?::tsquery) x ` +
            `union all select distinct id, cast(null as real), 2 from (${shown} where c.document @@ ?::tsquery) y`,
          params: [...tsquery.params, tsqueryText(query), tsqueryText(query)],
        };
      })();
  const flag = (source: number) => `max(case when source = ${source} then 1 else 0 end)`;
  const found = `select id, max(score) as score, ${flag(0)} as in_document, ${flag(1)} as in_transcript, ${flag(2)} as in_caption from (${sources.sql}) s group by id`;
  return {
    sql:
      `select ${VIDEO_COLUMNS}, x.in_document, x.in_transcript, x.in_caption from (${found}) x join ${video} v on v.id = x.id join ${media} m on m.id = v.id ${extendedJoin(dialect, tables)} ` +
      `where m.media_type in (${VIDEO_MEDIA_TYPES.map(() => '?').join(', ')}) order by x.score is null, x.score desc, m.id limit ?`,
    params: [...sources.params, ...VIDEO_MEDIA_TYPES, limit],
  };
}
