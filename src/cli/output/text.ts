import type { RecordWriterFactory } from './record-writer.js';
import { showControls } from './terminal-text.js';

/** `key: value` lines for one record at a time, records separated by a blank line; for people, so controls are shown escaped. */
export const textWriter: RecordWriterFactory = (sink, keys) => {
  const width = Math.max(...keys.map((k) => k.length)) + 1;
  let count = 0;
  return {
    async write(record) {
      const lines = keys.map((key) => `${`${key}:`.padEnd(width)} ${showControls(String(record[key] ?? ''))}`.trimEnd());
      await sink.write(`${count++ > 0 ? '\n' : ''}${lines.join('\n')}\n`);
    },
    end: async () => undefined,
  };
};
