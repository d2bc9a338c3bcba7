import type { RecordWriterFactory } from './record-writer.js';

/** Only the ids, one per line (or NUL-terminated), for `xargs` and loops. */
export function idsWriter(terminator = '\n'): RecordWriterFactory {
  return (sink) => ({
    write: (record) => sink.write(`${String(record.id)}${terminator}`),
    end: async () => undefined,
  });
}
