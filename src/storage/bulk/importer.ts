import { addAbortSignal, type Readable } from 'node:stream';
import { AanaStoreError } from '../../errors.js';
import type { StoreEntityManager } from '../orm.js';
import type { BulkFormat } from './formats.js';
import type { LineError } from './records.js';
import { type ChunkOptions, type Parsing, rowChunks } from './row-chunks.js';
import { type BulkWriter, chunkingFor, type ConflictMode, distinctRounds, noCounts, type WriteCounts } from './writer.js';
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
  /** The input, already being read by `parseInput` with these options; else importVideos starts reading it. */
  parsing?: Parsing;
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
 * Starts reading `source` for an import into SQLite (`sqlite`) or PostgreSQL, in a worker thread
 * where there is one (parse-ahead.ts): `video import` starts it before it opens the database.
 */
export async function parseInput(source: Readable, options: ImportOptions, sqlite: boolean): Promise<Parsing> {
  // An abort also ends a read that is waiting for input.
  if (options.signal) addAbortSignal(options.signal, source);
  const chunking: ChunkOptions = {
    format: options.format,
    skipInvalid: options.skipInvalid ?? false,
    batchSize: options.batchSize ?? Number.POSITIVE_INFINITY,
    ...chunkingFor(sqlite, options.onConflict ?? 'error'),
  };
  const ahead = (await import('./parse-ahead.js')).parsedAhead(source, chunking);
  if (ahead) return ahead;
  const events = rowChunks(source, chunking);
  return { options: chunking, events, close: async () => void (await events.return(undefined)) };
}

/**
 * Streams videos from `source` into the database: every record validated as `video add` validates
 * it, rows written set-based in chunks, one transaction (or one per `batchSize` records). On any
 * error the open transaction is rolled back, so an import without batches writes all or nothing.
 */
export async function importVideos(em: StoreEntityManager, source: Readable, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const progress: ImportProgress = { records: 0, ...noCounts(), invalid: 0, bytes: 0 };
  const mode = options.onConflict ?? 'error';
  const sqlite = isSqlitePlatform(em.getPlatform());
  const parsing = options.parsing ?? (await parseInput(source, options, sqlite));
  let writer: BulkWriter;
  try {
    const chunking = chunkingFor(sqlite, mode);
    if (parsing.options.chunkSize !== chunking.chunkSize || parsing.options.encoding !== chunking.encoding) throw new Error('internal: the input was parsed for another database');
    writer = await openWriter(em, mode);
  } catch (error) {
    await parsing.close();
    throw error;
  }
  let open = false;
  try {
    const commit = async () => {
      const counts = await writer.commit();
      open = false;
      for (const key of Object.keys(counts) as Array<keyof WriteCounts>) progress[key] += counts[key];
    };
    await writer.begin();
    open = true;
    for await (const event of parsing.events) {
      if (options.signal?.aborted) options.signal.throwIfAborted();
      if (event.kind === 'invalid') {
        progress.invalid++;
        options.onInvalid?.(event.error);
        continue;
      }
      progress.records = event.records;
      progress.bytes = event.bytes;
      if (event.kind === 'end') break;
      if (event.sqlite) {
        if (!writer.addEncoded) throw new Error('encoded rows for a writer that takes none');
        await writer.addEncoded(event.sqlite);
      }
      // Records apply in input order: a repeated id is written after the records before it.
      else for (const part of mode === 'error' ? [event.rows ?? []] : distinctRounds(event.rows ?? [])) await writer.add(part);
      options.onProgress?.({ ...progress });
      if (event.endsBatch) {
        await commit();
        await writer.begin();
        open = true;
      }
    }
    await commit();
    await writer.finish?.();
    return { ...progress, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (open) await writer.rollback();
    throw isDriverError(error) ? em.getDriver().convertException(error) : error;
  } finally {
    await parsing.close();
    await writer.release();
  }
}
