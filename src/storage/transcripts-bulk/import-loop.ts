import { addAbortSignal, type Readable } from 'node:stream';
import type { BulkFormat } from '../bulk/formats.js';
import { type ReadProgress, readRecords } from '../bulk/readers.js';
import { LineError } from '../bulk/records.js';
import type { StoreEntityManager } from '../orm.js';
import { takeImportTurn } from '../import-turn.js';
import { isSqlitePlatform } from '../platform.js';
import { rawQuery } from '../raw-query.js';
import { writeOnce } from '../write-transaction.js';
import type { SetConflictMode } from './keys.js';

export interface SetImportOptions {
  format: BulkFormat;
  onConflict?: SetConflictMode;
  /** Report and count invalid records instead of stopping at the first. */
  skipInvalid?: boolean;
  onInvalid?: (error: LineError) => void;
  /** Stops the import (rolling back its transaction) when aborted. */
  signal?: AbortSignal;
}

/** What an import did: every record counts once. */
export interface SetImportSummary {
  records: number;
  inserted: number;
  /** Records that replaced what was stored (`update`). */
  updated: number;
  /** Records left out because their (video, model) was stored already (`skip`). */
  skipped: number;
  invalid: number;
  bytes: number;
  seconds: number;
}

export type WrittenCounts = Pick<SetImportSummary, 'inserted' | 'updated' | 'skipped'>;

/** One kind of record an import writes: how a record is checked, and how a chunk of them is written. */
export interface SetImportTarget<Row extends { line: number }> {
  /** The keys a record may have (a CSV header's too). */
  keys: readonly string[];
  /** Records per `write`. */
  chunkSize: number;
  /** Checks one record; a bad one is a LineError. */
  toRow(line: number, value: unknown): Row;
  /** Writes rows, in input order, inside the import's transaction. */
  write(em: StoreEntityManager, rows: Row[], counts: WrittenCounts): Promise<void>;
}

/**
 * Streams records from `source` into the database through `target`: each record checked as it is
 * read, written in chunks, all in one transaction, so that on any error (a bad record without
 * --skip-invalid, a conflict, an interruption) the database is left as it was. Memory holds one chunk.
 */
export async function importSets<Row extends { line: number }>(em: StoreEntityManager, source: Readable, target: SetImportTarget<Row>, options: SetImportOptions): Promise<SetImportSummary> {
  const started = performance.now();
  const read: ReadProgress = { bytes: 0 };
  const summary: SetImportSummary = { records: 0, inserted: 0, updated: 0, skipped: 0, invalid: 0, bytes: 0, seconds: 0 };
  if (options.signal) addAbortSignal(options.signal, source);
  await writeOnce(em, async (tx) => {
    if (!isSqlitePlatform(tx.getPlatform())) await takeImportTurn((sql) => rawQuery(tx, sql, []));
    let chunk: Row[] = [];
    for await (const item of readRecords(options.format, source, read, options.skipInvalid ?? false, target.keys)) {
      if (options.signal?.aborted) options.signal.throwIfAborted();
      summary.records++;
      try {
        if (item.error) throw item.error;
        chunk.push(target.toRow(item.line, item.value));
      } catch (error) {
        if (!(options.skipInvalid && error instanceof LineError)) throw error;
        summary.invalid++;
        options.onInvalid?.(error);
        continue;
      }
      if (chunk.length >= target.chunkSize) {
        await target.write(tx, chunk, summary);
        chunk = [];
      }
    }
    if (chunk.length > 0) await target.write(tx, chunk, summary);
  });
  summary.bytes = read.bytes;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
