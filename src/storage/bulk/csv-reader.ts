import { pipeline, Readable } from 'node:stream';
import { CsvError, type InfoField, parse as parseCsv } from 'csv-parse';
import { type InputSource, type ReadProgress, utf8Chunks } from './input-text.js';
import { LineIndex } from './line-index.js';
import type { InputItem } from './readers.js';
import { MAX_RECORD_CHARS } from './limits.js';
import { checkKeys, LineError, recordTooLong } from './records.js';

type CsvRow = Record<string, string | null>;

/**
 * What a CSV error means, in the words the other formats use. Only a stray opening quote and a wrong
 * number of fields can be skipped: csv-parse reads on as if the quote were text and the record
 * ends where it would have. After the other errors (a closing quote followed by text, a quote never
 * closed, an oversized record) where the record ends is unknown, so the import stops.
 */
function csvError(error: CsvError, line: number, skipInvalid: boolean): { error: LineError; skippable: boolean } {
  const context = error as CsvError & Partial<InfoField> & { record?: unknown[]; columns?: unknown[] };
  const field = typeof context.column === 'string' ? context.column : 'record';
  const stop = skipInvalid ? ' (where the record ends is unknown, so --skip-invalid cannot skip it)' : '';
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return { error: new LineError(line, field, 'invalid CSV: a quote inside a field that does not begin with one (quote the whole field, doubling the quotes in it)'), skippable: true };
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return { error: new LineError(line, 'record', `invalid CSV: ${context.record?.length} fields where the header has ${context.columns?.length}`), skippable: true };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { error: new LineError(line, field, `invalid CSV: text after the closing quote of a field${stop}`), skippable: false };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { error: new LineError(line, field, `invalid CSV: a quoted field is not closed before the end of the input${stop}`), skippable: false };
    case 'CSV_MAX_RECORD_SIZE':
      return { error: recordTooLong(line), skippable: false };
    default:
      return { error: new LineError(line, 'record', `invalid CSV: ${error.message}`), skippable: false };
  }
}

/**
 * CSV with a header row naming the record keys (RFC 4180, through csv-parse). An empty unquoted
 * field is null and `""` is an empty string, as the CSV output writes them. Every record and error
 * names the line the record begins on: csv-parse counts lines at the record's end (and counts a
 * CRLF inside a quoted field twice), so the reader finds the byte offset where each record begins
 * and counts the line feeds before it.
 */
export async function* readCsv(source: InputSource, progress: ReadProgress, skipInvalid: boolean, keys?: readonly string[]): AsyncGenerator<InputItem> {
  const index = new LineIndex();
  /** The byte offset where the record being parsed begins. */
  let recordStart = 0;
  let lastSkippedStart = -1;
  const skipped: LineError[] = [];
  const parser = parseCsv({
    bom: true,
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    columns: (header: string[]) => {
      checkKeys(index.lineAt(recordStart), header, keys);
      return header;
    },
    cast: (value: string, context: InfoField) => {
      // At the end of a record's first field, `bytes` is where the field ends (at its delimiter, or
      // at the end of the input) and `raw` is the record's text up to there, delimiter included.
      if (context.index === 0) recordStart = context.bytes - Buffer.byteLength(context.raw ?? '') + (context.bytes === index.total ? 0 : 1);
      return context.header || value !== '' || context.quoting ? value : null;
    },
    // With `raw`, csv-parse hands over { record, raw }; the raw text is not needed any more.
    on_record: (entry: { record: CsvRow }) => ({ record: entry.record, line: index.lineAt(recordStart) }),
    // Always on, so that an error comes in its place among the records; without --skip-invalid the
    // importer stops at the first.
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!error) return undefined;
      // An error in a record's first field comes before its start is known: it is where the last record ended.
      const start = (error as Partial<InfoField>).index === 0 ? Number((error as Partial<InfoField>).bytes ?? 0) : recordStart;
      const found = csvError(error, index.lineAt(start), skipInvalid);
      // A header that cannot be read leaves no columns to read the records by.
      if (!found.skippable || (error as Partial<InfoField>).header) throw found.error;
      // csv-parse may report several errors in one record; it is one invalid record.
      if (start !== lastSkippedStart) skipped.push(found.error);
      lastSkippedStart = start;
      return undefined;
    },
  });
  const chunks = Readable.from(
    (async function* () {
      for await (const chunk of utf8Chunks(source, progress)) {
        index.feed(chunk);
        yield chunk;
      }
    })(),
    { highWaterMark: 1 },
  );
  pipeline(chunks, parser, () => undefined);
  try {
    for await (const entry of parser as AsyncIterable<{ record: CsvRow; line: number }>) {
      while (skipped.length > 0 && skipped[0].line <= entry.line) {
        const error = skipped.shift() as LineError;
        yield { line: error.line, error };
      }
      yield { line: entry.line, value: entry.record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new LineError(index.lineAt(recordStart), 'record', `invalid CSV: ${error.message}`);
    throw error;
  }
  for (const error of skipped) yield { line: error.line, error };
}
