import { ExtendedVideoTranscriptEntity } from '../entities/extended-video-transcript.entity.js';
import { TranscriptEntity } from '../entities/transcript.entity.js';
import { VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { isSqlitePlatform } from '../platform.js';
import { rawQuery } from '../raw-query.js';
import { parseSearchQuery, type SearchQuery } from '../search/query-syntax.js';
import { MAX_RANKED_SEGMENTS, type SegmentHit } from '../search/segment-hit.js';
import { fts5Match, tsqueryText } from '../search/sql-match.js';
import type { SqlDialect, SqlQuery } from './video-query.js';

export interface SegmentSearchOptions {
  /** Only transcripts by this model. */
  model?: string;
  /** At most this many hits (default 20). */
  limit?: number;
  /** Matching segments ranked at most (default MAX_RANKED_SEGMENTS). */
  ranked?: number;
}

export interface SegmentTables {
  transcript: string;
  videoTranscript: string;
  video: string;
}

/**
 * The query behind `transcript search`, in two steps: the first `ranked` matching segments of video
 * transcripts in index order, each scored, then the best `limit` of them with their video, model and
 * segment (read from the transcript's JSON only for those). Ties go by transcript id, then position;
 * each row also says how many segments were ranked.
 *
 * The score is BM25's term-frequency part without its idf: FTS5's own bm25() first counts every
 * segment holding each query word, which for common words costs more than the whole 100 ms budget
 * on 2,000,000 segments. So SQLite counts the matches in each candidate (highlight() marks each one,
 * from the position lists the match already read) against its length; PostgreSQL uses ts_rank,
 * normalised by the segment's length (1 + log of its word count), which reads only the segment.
 */
export function segmentSearchQuery(dialect: SqlDialect, tables: SegmentTables, query: SearchQuery, options: SegmentSearchOptions & { limit: number; ranked: number }): SqlQuery {
  const [transcript, videoTranscript, video] = [dialect.quote(tables.transcript), dialect.quote(tables.videoTranscript), dialect.quote(tables.video)];
  const model = options.model === undefined ? '' : `join ${transcript} mt on mt.id = f.transcript_id and mt.model = ?`;
  const modelParams = options.model === undefined ? [] : [options.model];
  const from = `join ${videoTranscript} e on e.id = f.transcript_id ${model}`;
  const head = dialect.sqlite
    ? {
        hits:
          "select f.transcript_id, f.segment, length(highlight(transcript_segment_fts, 3, '[', '')) - length(f.text) as n, length(f.text) + 1 as len " +
          `from transcript_segment_fts f ${from} where transcript_segment_fts match ?`,
        params: [...modelParams, fts5Match(query, 'text')],
        score: 'n * 2.2 / (n + 1.2 * (0.25 + 0.75 * len / (avg(len) over ())))',
        element: "json_extract(t.segments, '$[' || b.segment || ']')",
      }
    : {
        hits: `select f.transcript_id, f.segment, ts_rank(f.document, s.q, 1) as n from (select ?::tsquery as q) s cross join transcript_segment_fts f ${from} where f.document @@ s.q`,
        params: [tsqueryText(query), ...modelParams],
        score: 'n',
        element: '(t.segments::json -> b.segment)::text',
      };
  const order = 'score desc, transcript_id, segment';
  return {
    sql:
      `with hits as materialized (${head.hits} limit ?), ` +
      `best as materialized (select transcript_id, segment, ranked, score from (select hits.*, count(*) over () as ranked, ${head.score} as score from hits) scored order by ${order} limit ?) ` +
      `select b.ranked, e.media_id as id, v.title, t.model, b.segment, ${head.element} as element from best b ` +
      `join ${transcript} t on t.id = b.transcript_id join ${videoTranscript} e on e.id = t.id join ${video} v on v.id = e.media_id ` +
      `order by b.${order}`,
    params: [...head.params, options.ranked, options.limit],
  };
}

interface HitRow {
  ranked: number | string;
  id: string;
  title: string | null;
  model: string;
  segment: number;
  element: string;
}

export interface SegmentSearchResult {
  hits: SegmentHit[];
  /** How many matching segments were ranked: when it is `ranked`, more may match than were ranked. */
  ranked: number;
}

/** Finds the transcript segments that say the words (parseSearchQuery's syntax), best match first. */
export async function searchSegments(em: StoreEntityManager, words: string | SearchQuery, options: SegmentSearchOptions = {}): Promise<SegmentSearchResult> {
  const query = typeof words === 'string' ? parseSearchQuery(words) : words;
  const metadata = em.getMetadata();
  const tables = {
    transcript: metadata.get(TranscriptEntity.name).tableName,
    videoTranscript: metadata.get(ExtendedVideoTranscriptEntity.name).tableName,
    video: metadata.get(VideoEntity.name).tableName,
  };
  const platform = em.getPlatform();
  const dialect = { sqlite: isSqlitePlatform(platform), quote: (identifier: string) => platform.quoteIdentifier(identifier) };
  const settled = { model: options.model, limit: options.limit ?? 20, ranked: options.ranked ?? MAX_RANKED_SEGMENTS };
  const { sql, params } = segmentSearchQuery(dialect, tables, query, settled);
  const rows = await rawQuery<HitRow>(em, sql, params);
  const hits = rows.map((row): SegmentHit => {
    const element = JSON.parse(row.element) as { text: string; time_interval: { start: number; end: number } };
    return { id: row.id, title: row.title, model: row.model, segment: Number(row.segment), start: element.time_interval.start, end: element.time_interval.end, text: element.text };
  });
  return { hits, ranked: rows.length > 0 ? Number(rows[0].ranked) : 0 };
}
