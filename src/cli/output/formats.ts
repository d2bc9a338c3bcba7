import type { ChalkInstance } from 'chalk';
import type { RecordFormat } from './format-names.js';
import { csvWriter, tsvWriter } from './csv.js';
import { idsWriter } from './ids.js';
import { jsonWriter, ndjsonWriter } from './json.js';
import type { RecordWriter } from './record-writer.js';
import type { TextSink } from './sink.js';
import { type CellMarks, tableWriter } from './table.js';
import { textWriter } from './text.js';


export interface WriterOptions {
  color: ChalkInstance;
  /** NUL-terminated ids (`-0`). */
  nul?: boolean;
  /** Characters a table may take: a terminal's width, Infinity (the default) when not on one. */
  width?: number;
  /** CSV/TSV: neutralise cells a spreadsheet would run as a formula (`--csv-safe`). */
  csvSafe?: boolean;
  /** Table only: marks on cells' text (a search match); the caller gives them only when colour is on. */
  marks?: CellMarks;
}

export function createRecordWriter(format: RecordFormat, sink: TextSink, keys: readonly string[], options: WriterOptions): RecordWriter {
  switch (format) {
    case 'table':
      return tableWriter(options.color, options.width ?? Number.POSITIVE_INFINITY, options.marks)(sink, keys);
    case 'json':
      return jsonWriter(sink, keys);
    case 'ndjson':
      return ndjsonWriter(sink, keys);
    case 'csv':
      return csvWriter(options.csvSafe)(sink, keys);
    case 'tsv':
      return tsvWriter(options.csvSafe)(sink, keys);
    case 'ids':
      return idsWriter(options.nul ? '\0' : '\n')(sink, keys);
    case 'text':
      return textWriter(sink, keys);
  }
}
