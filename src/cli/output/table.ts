import type { ChalkInstance } from 'chalk';
import type { OutputRecord, RecordWriterFactory } from './record-writer.js';

const GAP = 2;
const MIN_WIDTH = 4;

function cell(value: string | number | null): string {
  return value === null ? '' : String(value).replace(/[\r\n\t]+/g, ' ');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Shrinks the widest columns until the row fits the terminal. */
export function fitWidths(natural: number[], total: number): number[] {
  const widths = [...natural];
  const budget = total - GAP * (widths.length - 1);
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= MIN_WIDTH) break;
    widths[widest]--;
  }
  return widths;
}

/**
 * Aligned columns for people at a terminal. It must see every row to size the columns, so it
 * holds them until the end; scripts use the streaming formats.
 */
export function tableWriter(color: ChalkInstance): RecordWriterFactory {
  return (sink, keys) => {
    const rows: string[][] = [];
    return {
      async write(record: OutputRecord) {
        rows.push(keys.map((key) => cell(record[key] ?? null)));
      },
      async end() {
        if (rows.length === 0) return;
        const natural = keys.map((key, i) => Math.max(key.length, ...rows.map((row) => row[i].length)));
        const widths = fitWidths(natural, sink.columns);
        const line = (cells: string[]) => cells.map((c, i) => truncate(c, widths[i]).padEnd(widths[i])).join(' '.repeat(GAP)).trimEnd();
        await sink.write(`${color.bold(line([...keys]))}\n`);
        for (const row of rows) await sink.write(`${line(row)}\n`);
      },
    };
  };
}
