import { UnreadableValueError } from '../../errors.js';
import type { AsrOutput, AsrSegment } from '../../transcripts/segments.js';
import { ExtendedVideoTranscriptEntity } from '../entities/extended-video-transcript.entity.js';
import { TranscriptEntity } from '../entities/transcript.entity.js';
import { isSqlitePlatform } from '../platform.js';
import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';
import type { TranscriptRecord } from '../records.js';
import { rowTimestampToIso } from '../types/timestamp-text.js';

/*
 * Reads of transcripts in raw SQL: no entity is hydrated, snapshotted or compared at the end of the
 * unit of work, which for a transcript of thousands of segments is most of what a read costs.
 */

/** The quoted names of the two tables a video's transcript lives in. */
function tablesOf(em: StoreEntityManager): { base: string; link: string; q: (name: string) => string } {
  const q = (name: string) => em.getPlatform().quoteIdentifier(name);
  const meta = em.getMetadata();
  return { base: meta.get(TranscriptEntity.name).tableName, link: meta.get(ExtendedVideoTranscriptEntity.name).tableName, q };
}

interface TranscriptRow {
  id: number;
  transcript: string;
  segments: unknown;
  language: string;
  language_confidence: number;
}

/** The video's first transcript by the model (Aana's `get_transcript`), as Aana's ASR output; undefined when there is none. */
export async function readTranscript(em: StoreEntityManager, modelName: string, mediaId: string): Promise<AsrOutput | undefined> {
  const { base, link, q } = tablesOf(em);
  const sql = `select t.id, t.transcript, t.segments, t.language, t.language_confidence from ${q(base)} t join ${q(link)} e on e.id = t.id where e.media_id = ? and t.model = ? order by t.id limit 1`;
  const [row] = await rawQuery<TranscriptRow>(em, sql, [mediaId, modelName]);
  if (!row) return undefined;
  let segments = row.segments;
  // SQLite hands over the JSON text; pg parses a json column itself.
  if (typeof segments === 'string') {
    try {
      segments = JSON.parse(segments);
    } catch {
      throw new UnreadableValueError('segments', 'not JSON', { table: base, id: String(row.id) });
    }
  }
  return { transcription: { text: row.transcript }, segments: segments as AsrSegment[], transcription_info: { language: row.language, language_confidence: Number(row.language_confidence) } };
}

/** The models the video has transcripts by, in code point order. */
export async function transcriptModels(em: StoreEntityManager, mediaId: string): Promise<string[]> {
  const { base, link, q } = tablesOf(em);
  const rows = await rawQuery<{ model: string }>(em, `select distinct t.model from ${q(base)} t join ${q(link)} e on e.id = t.id where e.media_id = ?`, [mediaId]);
  return rows.map((row) => row.model).sort();
}

interface SummaryRow extends Omit<TranscriptRecord, 'created_at' | 'updated_at'> {
  transcript_id: number;
  created_at: unknown;
  updated_at: unknown;
}

/**
 * What the summary computes from `segments` in the database, so that a listing never parses the
 * segments in JavaScript: their count and latest end. JSON that is not an array of segments (which
 * another tool may have written) gives null rather than failing the whole list.
 */
function segmentColumns(sqlite: boolean): string {
  if (sqlite) {
    return (
      "case when json_valid(t.segments) and json_type(t.segments) = 'array' then json_array_length(t.segments) end as segments, " +
      "case when json_valid(t.segments) and json_type(t.segments) = 'array' then coalesce((select max(json_extract(s.value, '$.time_interval.end')) from json_each(t.segments) s), 0) end as seconds"
    );
  }
  const end = "s->'time_interval'->'end'";
  return (
    "case when json_typeof(t.segments) = 'array' then json_array_length(t.segments) end as segments, " +
    `case when json_typeof(t.segments) = 'array' then coalesce((select max(case when json_typeof(${end}) = 'number' then (${end})::text::float8 end) from json_array_elements(t.segments) s), 0) end as seconds`
  );
}

/** The transcripts of one video, or of all, by video id, model and transcript id, without their segments. */
export async function transcriptSummaries(em: StoreEntityManager, mediaId?: string): Promise<TranscriptRecord[]> {
  const sqlite = isSqlitePlatform(em.getPlatform());
  const { base, link, q } = tablesOf(em);
  // The same order on both databases: PostgreSQL's default collation is the locale's, SQLite's binary.
  const byCodePoint = sqlite ? '' : ' collate "C"';
  const sql =
    `select e.media_id as id, t.id as transcript_id, t.model, t.language, t.language_confidence, ${segmentColumns(sqlite)}, ` +
    `${sqlite ? 'length' : 'char_length'}(t.transcript) as characters, t.created_at, t.updated_at ` +
    `from ${q(base)} t join ${q(link)} e on e.id = t.id ${mediaId === undefined ? '' : 'where e.media_id = ? '}order by e.media_id${byCodePoint}, t.model${byCodePoint}, t.id`;
  const rows = await rawQuery<SummaryRow>(em, sql, mediaId === undefined ? [] : [mediaId]);
  return rows.map(({ transcript_id: id, created_at: created, updated_at: updated, ...row }) => ({
    ...row,
    language_confidence: Number(row.language_confidence),
    characters: Number(row.characters),
    created_at: rowTimestampToIso(created, base, String(id), 'created_at'),
    updated_at: rowTimestampToIso(updated, base, String(id), 'updated_at'),
  }));
}
