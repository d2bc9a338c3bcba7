import type { Readable } from 'node:stream';
import { validateCaption } from '../../transcripts/captions.js';
import { EXTENDED_VIDEO_CAPTION_TYPE } from '../entities/extended-video-caption.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { nextBaseIds } from '../repositories/base-row-ids.js';
import { claimCaptionSet } from './caption-sets.js';
import { importSets, type SetImportOptions, type SetImportSummary, type SetImportTarget, type WrittenCounts } from './import-loop.js';
import { CAPTION_EXPORT_KEYS } from './keys.js';
import { type SetRow, toSetRow } from './records.js';
import { bulkTables, bulkWrite, placeholders, timestampParam } from './tables.js';
import { checkVideos, setKey } from './videos.js';

interface CaptionRow extends SetRow {
  frameId: number;
  timestamp: number;
  caption: string;
}

/** Captions per chunk: 8 parameters each, under SQLite's limit of 32766. */
const CHUNK = 1000;

function toCaptionRow(line: number, value: unknown): CaptionRow {
  return toSetRow(line, value, CAPTION_EXPORT_KEYS, (record) => {
    const caption = validateCaption({ frame_id: record.frame_id, timestamp: record.timestamp, caption: record.caption });
    return { frameId: caption.frame_id, timestamp: caption.timestamp, caption: caption.caption };
  });
}

/**
 * Writes captions in chunks. The captions of a (video, model) are one set: the first time the
 * import meets a set, `mode` decides what happens to the set already stored (claimCaptionSet); the
 * decision holds for the rest of the import, so a set may be spread over the input.
 */
function captionTarget(mode: SetImportOptions['onConflict'] = 'error'): SetImportTarget<CaptionRow> {
  /** The sets met so far, and whether their records are written: one entry per (video, model), not per record. */
  const sets = new Map<string, boolean>();
  return {
    keys: CAPTION_EXPORT_KEYS,
    chunkSize: CHUNK,
    toRow: toCaptionRow,
    async write(em: StoreEntityManager, rows: CaptionRow[], counts: WrittenCounts) {
      const t = bulkTables(em);
      await checkVideos(em, t, rows);
      const now = new Date();
      const inserts: CaptionRow[] = [];
      for (const row of rows) {
        const key = setKey(row.mediaId, row.model);
        let write = sets.get(key);
        if (write === undefined) {
          write = await claimCaptionSet(em, t, row.mediaId, row.model, mode, row.line);
          sets.set(key, write);
        }
        if (write) inserts.push(row);
        else counts.skipped++;
      }
      counts.inserted += inserts.length;
      if (inserts.length === 0) return;
      const c = t.caption;
      const ids = await nextBaseIds(em, c.bare, inserts.length);
      const columns = ['id', 'model', 'frameId', 'caption', 'timestamp', 'captionType', 'createdAt', 'updatedAt'].map(c.col);
      await bulkWrite(
        em,
        `insert into ${c.name} (${columns.join(', ')}) values ${inserts.map(() => `(${placeholders(columns.length)})`).join(', ')}`,
        inserts.flatMap((row, i) => [ids[i], row.model, row.frameId, row.caption, row.timestamp, EXTENDED_VIDEO_CAPTION_TYPE, timestampParam(em, row.createdAt ?? now), timestampParam(em, row.updatedAt ?? now)]),
      );
      const vc = t.videoCaption;
      await bulkWrite(em, `insert into ${vc.name} (${vc.col('caption')}, ${vc.col('video')}) values ${inserts.map(() => '(?, ?)').join(', ')}`, inserts.flatMap((row, i) => [ids[i], row.mediaId]));
    },
  };
}

/** `caption import`: streams captions (CAPTION_EXPORT_KEYS records) into the database in one transaction. */
export function importCaptions(em: StoreEntityManager, source: Readable, options: SetImportOptions): Promise<SetImportSummary> {
  return importSets(em, source, captionTarget(options.onConflict), options);
}
