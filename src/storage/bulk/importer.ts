import { addAbortSignal, type Readable } from 'node:stream';
import { AanaStoreError } from '../../errors.js';
import type { StoreEntityManager } from '../orm.js';
import type { BulkFormat } from './formats.js';
import { type ReadProgress, readRecords } from './readers.js';
import { type ImportRow, LineError, toImportRow } from './records.js';
import { type BulkWriter, type ConflictMode, distinctRounds, noCounts, type WriteCounts } from './writer.js';
import { isSqlitePlatform } from '../platform.js';

export interface ImportOptions {
  format: BulkFormat;
  onConflict?: ConflictMode;
  /** Commit every this many records; by default the whole import is one transaction. */
  batchSize?: number;
  /** Report and count invalid records instead of stopping at the first. */
  skipInvalid?: boolean;
  onInvalid?: (error: LineError) => void;
  /** Called after each chunk is written. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import (rolling back the open transaction) when aborted. */
  signal?: AbortSignal;
}

export interface ImportProgress extends WriteCounts {
  /** Records read so far, valid or not. */
  records: number;
  invalid: number;
  bytes: number;
}

export interface ImportSummary extends ImportProgress {
  seconds: number;
}

/** An error the database driver raised (it carries a code), as opposed to ours or a bug. */
function isDriverError(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof AanaStoreError) && typeof (error as { code?: unknown }).code === 'string';
}

async function openWriter(em: StoreEntityManager, mode: ConflictMode): Promise<BulkWriter> {
  if (isSqlitePlatform(em.getPlatform())) return (await import('./sqlite-writer.js')).SqliteBulkWriter.open(em, mode);
  return (await import('./pg-writer.js')).PgBulkWriter.open(em, mode);
}

/**
 * Streams videos from `source` into the database: every record validated as `video add` validates
 * it, rows written set-based in chunks, one transaction (or one per `batchSize` records). On any
 * error the open transaction is rolled back, so an import without batches writes all or nothing.
 */
export async function importVideos(em: StoreEntityManager, source: Readable, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const read: ReadProgress = { bytes: 0 };
  const progress: ImportProgress = { records: 0, ...noCounts(), invalid: 0, bytes: 0 };
  const batchSize = options.batchSize ?? Number.POSITIVE_INFINITY;
  const mode = options.onConflict ?? 'error';
  const writer = await openWriter(em, mode);
  let open = false;
  try {
    let chunk: ImportRow[] = [];
    let inBatch = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const rows = chunk;
      chunk = [];
      // Records apply in input order: a repeated id is written after the records before it.
      for (const part of mode === 'error' ? [rows] : distinctRounds(rows)) await writer.add(part);
      progress.bytes = read.bytes;
      options.onProgress?.({ ...progress });
    };
    const commit = async () => {
      await flush();
      const counts = await writer.commit();
      open = false;
      for (const key of Object.keys(counts) as Array<keyof WriteCounts>) progress[key] += counts[key];
    };
    await writer.begin();
    open = true;
    // An abort also ends a read that is waiting for input.
    if (options.signal) addAbortSignal(options.signal, source);
    for await (const item of readRecords(options.format, source, read, options.skipInvalid ?? false)) {
      if (options.signal?.aborted) options.signal.throwIfAborted();
      progress.records++;
      let row: ImportRow;
      try {
        if (item.error) throw item.error;
        row = toImportRow(item.line, item.value);
      } catch (error) {
        if (!(options.skipInvalid && error instanceof LineError)) throw error;
        progress.invalid++;
        options.onInvalid?.(error);
        continue;
      }
      chunk.push(row);
      if (chunk.length >= writer.chunkSize) await flush();
      if (++inBatch >= batchSize) {
        await commit();
        await writer.begin();
        open = true;
        inBatch = 0;
      }
    }
    await commit();
    await writer.finish?.();
    progress.bytes = read.bytes;
    return { ...progress, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (open) await writer.rollback();
    throw isDriverError(error) ? em.getDriver().convertException(error) : error;
  } finally {
    await writer.release();
  }
}
