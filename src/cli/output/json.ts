import type { RecordWriterFactory } from './record-writer.js';

/** A JSON array, one record per line, written as it streams. */
export const jsonWriter: RecordWriterFactory = (sink) => {
  let count = 0;
  return {
    async write(record) {
      await sink.write(`${count++ === 0 ? '[\n' : ',\n'}${JSON.stringify(record)}`);
    },
    async end() {
      await sink.write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
};

/** Newline-delimited JSON: one record per line. */
export const ndjsonWriter: RecordWriterFactory = (sink) => ({
  write: (record) => sink.write(`${JSON.stringify(record)}\n`),
  end: async () => undefined,
});
