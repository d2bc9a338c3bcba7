import type { TextSink } from './sink.js';

export type OutputRecord = Record<string, string | number | null>;

/** One output format: takes records one at a time, so lists stream. */
export interface RecordWriter {
  write(record: OutputRecord): Promise<void>;
  end(): Promise<void>;
}

export type RecordWriterFactory = (sink: TextSink, keys: readonly string[]) => RecordWriter;
