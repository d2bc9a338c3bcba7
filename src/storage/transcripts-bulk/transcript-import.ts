import type { Readable } from 'node:stream';
import { validateSegments } from '../../transcripts/asr-json.js';
import type { AsrSegment } from '../../transcripts/segments.js';
import { storableText } from '../../transcripts/values.js';
import { EXTENDED_VIDEO_TRANSCRIPT_TYPE } from '../entities/extended-video-transcript.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';
import { nextBaseIds } from '../repositories/base-row-ids.js';
import { pythonJsonText } from '../types/aana-json.type.js';
import { importSets, type SetImportOptions, type SetImportSummary, type SetImportTarget, type WrittenCounts } from './import-loop.js';
import { TRANSCRIPT_EXPORT_KEYS } from './keys.js';
import { type SetRow, toSetRow, unitInterval } from './records.js';
import { bulkTables, bulkWrite, placeholders, timestampParam } from './tables.js';
import { checkVideos, SetExistsError, setKey } from './videos.js';

interface TranscriptRow extends SetRow {
  transcript: string;
  segments: AsrSegment[];
  language: string;
  languageConfidence: number;
}

/** Transcripts per chunk: a transcript of 200 segments is some 50 kB of SQL parameters. */
const CHUNK = 50;

function toTranscriptRow(line: number, value: unknown): TranscriptRow {
  return toSetRow(line, value, TRANSCRIPT_EXPORT_KEYS, (record) => ({
    transcript: storableText('transcript', record.transcript),
    segments: validateSegments(record.segments),
    language: storableText('language', record.language),
    languageConfidence: unitInterval('language_confidence', record.language_confidence),
  }));
}

/**
 * Writes a chunk of transcripts: one per (video, model) unless `append`; a pair already stored (or
 * earlier in the input) fails, is skipped, or has its transcript replaced in place (`update`: the
 * stored row keeps its id and takes the record's values and timestamps).
 */
function transcriptTarget(mode: SetImportOptions['onConflict'] = 'error'): SetImportTarget<TranscriptRow> {
  return {
    keys: TRANSCRIPT_EXPORT_KEYS,
    chunkSize: CHUNK,
    toRow: toTranscriptRow,
    async write(em: StoreEntityManager, rows: TranscriptRow[], counts: WrittenCounts) {
      const t = bulkTables(em);
      const tr = t.transcript;
      const vt = t.videoTranscript;
      await checkVideos(em, t, rows);
      const now = new Date();
      const stored = new Map<string, number>();
      if (mode !== 'append') {
        const ids = [...new Set(rows.map((row) => row.mediaId))];
        const found = await rawQuery<{ id: number; media_id: string; model: string }>(
          em,
          `select ${tr.at('id')} as id, ${vt.at('video')} as media_id, ${tr.at('model')} as model from ${tr.name} join ${vt.name} on ${vt.at('transcript')} = ${tr.at('id')} where ${vt.at('video')} in (${placeholders(ids.length)}) order by ${tr.at('id')} desc`,
          ids,
        );
        // Descending, so that the first stored transcript of a pair (the one `getTranscript` returns) is the one kept.
        for (const row of found) stored.set(setKey(row.media_id, row.model), Number(row.id));
      }
      const inserts: TranscriptRow[] = [];
      const pending = new Map<string, number>();
      for (const row of rows) {
        const key = setKey(row.mediaId, row.model);
        const storedId = stored.get(key);
        const earlier = pending.get(key);
        if (mode === 'append' || (storedId === undefined && earlier === undefined)) {
          pending.set(key, inserts.push(row) - 1);
          counts.inserted++;
        } else if (mode === 'error') throw new SetExistsError(row.line, 'a transcript', row.mediaId, row.model);
        else if (mode === 'skip') counts.skipped++;
        else if (earlier !== undefined) {
          inserts[earlier] = row;
          counts.updated++;
        } else {
          await bulkWrite(
            em,
            `update ${tr.name} set ${tr.col('transcript')} = ?, ${tr.col('segments')} = ?, ${tr.col('language')} = ?, ${tr.col('languageConfidence')} = ?, ${tr.col('updatedAt')} = ?${row.createdAt ? `, ${tr.col('createdAt')} = ?` : ''} where ${tr.col('id')} = ?`,
            [row.transcript, pythonJsonText(row.segments), row.language, row.languageConfidence, timestampParam(em, row.updatedAt ?? now), ...(row.createdAt ? [timestampParam(em, row.createdAt)] : []), storedId],
          );
          counts.updated++;
        }
      }
      if (inserts.length === 0) return;
      const ids = await nextBaseIds(em, tr.bare, inserts.length);
      const columns = ['id', 'model', 'transcript', 'segments', 'language', 'languageConfidence', 'transcriptType', 'createdAt', 'updatedAt'].map(tr.col);
      await bulkWrite(
        em,
        `insert into ${tr.name} (${columns.join(', ')}) values ${inserts.map(() => `(${placeholders(columns.length)})`).join(', ')}`,
        inserts.flatMap((row, i) => [ids[i], row.model, row.transcript, pythonJsonText(row.segments), row.language, row.languageConfidence, EXTENDED_VIDEO_TRANSCRIPT_TYPE, timestampParam(em, row.createdAt ?? now), timestampParam(em, row.updatedAt ?? now)]),
      );
      await bulkWrite(em, `insert into ${vt.name} (${vt.col('transcript')}, ${vt.col('video')}) values ${inserts.map(() => '(?, ?)').join(', ')}`, inserts.flatMap((row, i) => [ids[i], row.mediaId]));
    },
  };
}

/** `transcript import`: streams transcripts (TRANSCRIPT_EXPORT_KEYS records) into the database in one transaction. */
export function importTranscripts(em: StoreEntityManager, source: Readable, options: SetImportOptions): Promise<SetImportSummary> {
  return importSets(em, source, transcriptTarget(options.onConflict), options);
}
