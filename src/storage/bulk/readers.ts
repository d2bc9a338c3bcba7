import { readCsv } from './csv-reader.js';
import type { InputSource, ReadProgress } from './input-text.js';
import { readJsonArray, readNdjson } from './json-readers.js';
import type { LineError } from './records.js';
import type { BulkFormat } from './formats.js';

export type { ReadProgress } from './input-text.js';


/** One input record, or the reason it could not be read (skippable with --skip-invalid). */
export type InputItem = { line: number; value: unknown; error?: undefined } | { line: number; error: LineError; value?: undefined };

/**
 * The records of `source` in any format, each with the line it begins on. Every format follows the
 * same rules: UTF-8 only, one record at most MAX_RECORD_CHARS long (both stop the import), keys
 * known and not repeated, and errors as `line N: <field>: <reason>`. `keys` are the keys a CSV header
 * may name (a video's by default); JSON records are checked by whoever reads them.
 */
export function readRecords(format: BulkFormat, source: InputSource, progress: ReadProgress, skipInvalid: boolean, keys?: readonly string[]): AsyncGenerator<InputItem> {
  switch (format) {
    case 'ndjson':
      return readNdjson(source, progress);
    case 'json':
      return readJsonArray(source, progress);
    case 'csv':
      return readCsv(source, progress, skipInvalid, keys);
  }
}
