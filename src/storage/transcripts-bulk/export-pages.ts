import type { AsrSegment } from '../../transcripts/segments.js';
import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';
import { rowTimestampToIso } from '../types/timestamp-text.js';
import type { CaptionListRecord } from './keys.js';
import { bulkTables } from './tables.js';

/** One transcript as `transcript export` writes it (TRANSCRIPT_EXPORT_KEYS). */
export interface TranscriptExportRecord {
  media_id: string;
  model: string;
  transcript: string;
  segments: AsrSegment[];
  language: string;
  language_confidence: number;
  created_at: string;
  updated_at: string;
}

/** Rows per keyset page: a page of transcripts of 200 segments is some 25 MB at most. */
const TRANSCRIPT_PAGE = 200;
const CAPTION_PAGE = 1000;

/** A JSON column as the driver hands it over: text on SQLite, parsed already by node-postgres. */
const json = (value: unknown): AsrSegment[] => (typeof value === 'string' ? (JSON.parse(value) as AsrSegment[]) : (value as AsrSegment[]));

/** Every video transcript in id order (the order they were written), page by page, in constant memory. */
export async function* transcriptPages(em: StoreEntityManager): AsyncGenerator<TranscriptExportRecord[]> {
  const { transcript: tr, videoTranscript: vt } = bulkTables(em);
  const columns = ['model', 'transcript', 'segments', 'language', 'languageConfidence', 'createdAt', 'updatedAt'].map((p) => `${tr.at(p)} as ${tr.col(p)}`);
  let after = -1;
  for (;;) {
    const rows = await rawQuery<Record<string, unknown>>(
      em,
      `select ${tr.at('id')} as id, ${vt.at('video')} as media_id, ${columns.join(', ')} from ${tr.name} join ${vt.name} on ${vt.at('transcript')} = ${tr.at('id')} where ${tr.at('id')} > ? order by ${tr.at('id')} limit ?`,
      [after, TRANSCRIPT_PAGE],
    );
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1].id);
    yield rows.map((row) => ({
      media_id: row.media_id as string,
      model: row.model as string,
      transcript: row.transcript as string,
      segments: json(row.segments),
      language: row.language as string,
      language_confidence: Number(row.language_confidence),
      created_at: rowTimestampToIso(row.created_at, tr.bare, String(row.id), 'created_at'),
      updated_at: rowTimestampToIso(row.updated_at, tr.bare, String(row.id), 'updated_at'),
    }));
  }
}

/**
 * Video captions page by page, in constant memory: every one in id order (the order they were
 * written), or one video's (optionally one model's) by frame.
 */
export async function* captionPages(em: StoreEntityManager, of?: { mediaId: string; model?: string }): AsyncGenerator<CaptionListRecord[]> {
  const { caption: c, videoCaption: vc } = bulkTables(em);
  const columns = ['model', 'frameId', 'caption', 'timestamp', 'createdAt', 'updatedAt'].map((p) => `${c.at(p)} as ${c.col(p)}`);
  const select = `select ${c.at('id')} as id, ${vc.at('video')} as media_id, ${columns.join(', ')} from ${c.name} join ${vc.name} on ${vc.at('caption')} = ${c.at('id')}`;
  // One video's captions are few enough to read at once; a whole catalog's are paged by id.
  const query = of
    ? () => rawQuery<Record<string, unknown>>(em, `${select} where ${vc.at('video')} = ?${of.model === undefined ? '' : ` and ${c.at('model')} = ?`} order by ${c.at('frameId')}, ${c.at('model')}, ${c.at('id')}`, of.model === undefined ? [of.mediaId] : [of.mediaId, of.model])
    : (after: number) => rawQuery<Record<string, unknown>>(em, `${select} where ${c.at('id')} > ? order by ${c.at('id')} limit ?`, [after, CAPTION_PAGE]);
  let after = -1;
  for (;;) {
    const rows = await query(after);
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1].id);
    yield rows.map((row) => ({
      id: Number(row.id),
      media_id: row.media_id as string,
      model: row.model as string,
      frame_id: Number(row.frame_id),
      timestamp: Number(row.timestamp),
      caption: row.caption as string,
      created_at: rowTimestampToIso(row.created_at, c.bare, String(row.id), 'created_at'),
      updated_at: rowTimestampToIso(row.updated_at, c.bare, String(row.id), 'updated_at'),
    }));
    if (of) return;
  }
}
