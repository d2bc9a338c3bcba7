import { stringify } from 'csv-stringify/sync';
import type { OutputRecord, RecordWriterFactory } from './record-writer.js';

/** What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** `--csv-safe`: a leading `'` makes a spreadsheet show such a cell as text instead of running it. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 CSV (or the same with tabs) with a header row, through csv-stringify. A null is an empty
 * field and an empty string is `""`, so that an import reads each back as it was. Cells are exact
 * unless `safe` asks to neutralise formulas.
 */
function delimitedWriter(delimiter: string, safe = false): RecordWriterFactory {
  return (sink, keys) => {
    const text = (value: string) => (safe ? neutraliseFormula(value) : value);
    const options = {
      delimiter,
      cast: { string: (value: string) => (value === '' ? { value, quoted_empty: true } : text(value)) },
    };
    const row = (record: OutputRecord) => keys.map((key) => record[key] ?? null);
    let headerWritten = false;
    const header = async () => {
      if (!headerWritten) await sink.write(stringify([[...keys]], options));
      headerWritten = true;
    };
    return {
      async write(record) {
        await header();
        await sink.write(stringify([row(record)], options));
      },
      end: header,
    };
  };
}

export const csvWriter = (safe?: boolean) => delimitedWriter(',', safe);
export const tsvWriter = (safe?: boolean) => delimitedWriter('\t', safe);
