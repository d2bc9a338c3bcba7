import { stringify } from 'csv-stringify/sync';
import type { OutputRecord, RecordWriterFactory } from './record-writer.js';

/**
 * RFC 4180 CSV (or the same with tabs) with a header row, through csv-stringify. A null is an empty
 * field and an empty string is `""`, so that an import reads each back as it was.
 */
function delimitedWriter(delimiter: string): RecordWriterFactory {
  return (sink, keys) => {
    const options = {
      delimiter,
      cast: { string: (value: string) => (value === '' ? { value, quoted_empty: true } : value) },
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

export const csvWriter = delimitedWriter(',');
export const tsvWriter = delimitedWriter('\t');
