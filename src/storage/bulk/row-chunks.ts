import type { BulkFormat } from './formats.js';
import type { InputSource } from './input-text.js';
import { type ReadProgress, readRecords } from './readers.js';
import { type ImportRow, LineError, toImportRow } from './records.js';
import { type SqliteRows, SqliteRowsBuilder } from './sqlite-rows.js';

export interface ChunkOptions {
  format: BulkFormat;
  skipInvalid: boolean;
  /** Valid rows per chunk (the writer's). */
  chunkSize: number;
  /** Valid rows per transaction; a chunk never spans two. */
  batchSize: number;
  /** `sqlite`: chunks come as SQLite's bulk statements take new rows (SqliteRows), not as ImportRows. */
  encoding?: 'sqlite';
}

/** What reading the input gives, in input order; a record that stops the import is thrown. */
export type ChunkEvent =
  /** A record skipped under skipInvalid. */
  | { kind: 'invalid'; error: LineError }
  /** Rows to write; `records` and `bytes` are what was read up to the last of them. */
  | { kind: 'chunk'; rows?: ImportRow[]; sqlite?: SqliteRows; records: number; bytes: number; endsBatch: boolean }
  | { kind: 'end'; records: number; bytes: number };

/** An import's input being parsed: its chunks in order, and `close` to stop early (a worker ends, the source is destroyed). */
export interface Parsing {
  readonly options: ChunkOptions;
  readonly events: AsyncIterable<ChunkEvent>;
  close(): Promise<void>;
}

/**
 * The input's records validated (as `video add` validates them) and cut into chunks of rows for
 * the writer, with the transactions' boundaries. The same on the main thread or in the parsing
 * worker (parse-ahead.ts), so the import writes the same chunks either way.
 */
export async function* rowChunks(source: InputSource, options: ChunkOptions): AsyncGenerator<ChunkEvent> {
  const read: ReadProgress = { bytes: 0 };
  let records = 0;
  let inBatch = 0;
  const encode = options.encoding === 'sqlite';
  // Either the rows, or their SQLite parameters, encoded as each row comes (the rows are not kept).
  let rows: ImportRow[] = [];
  let encoded = new SqliteRowsBuilder();
  const held = () => (encode ? encoded.count : rows.length);
  const chunk = (endsBatch: boolean): ChunkEvent => {
    const event: ChunkEvent = encode ? { kind: 'chunk', sqlite: encoded.finish(), records, bytes: read.bytes, endsBatch } : { kind: 'chunk', rows, records, bytes: read.bytes, endsBatch };
    rows = [];
    encoded = new SqliteRowsBuilder();
    return event;
  };
  for await (const item of readRecords(options.format, source, read, options.skipInvalid)) {
    records++;
    let row: ImportRow;
    try {
      if (item.error) throw item.error;
      row = toImportRow(item.line, item.value);
    } catch (error) {
      if (!(options.skipInvalid && error instanceof LineError)) throw error;
      yield { kind: 'invalid', error };
      continue;
    }
    if (encode) encoded.add(row);
    else rows.push(row);
    const endsBatch = ++inBatch >= options.batchSize;
    if (endsBatch) inBatch = 0;
    if (endsBatch || held() >= options.chunkSize) yield chunk(endsBatch);
  }
  if (held() > 0) yield chunk(false);
  yield { kind: 'end', records, bytes: read.bytes };
}
