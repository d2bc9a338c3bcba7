import type { ChalkInstance } from 'chalk';
import type { OutputRecord, RecordWriterFactory } from './record-writer.js';
import { showControls } from './terminal-text.js';

const GAP = 2;
const MIN_WIDTH = 4;
/** Rows that size the columns; later rows are streamed into those widths, so memory stays bounded. */
export const SAMPLE_ROWS = 1000;

function cell(value: string | number | null): string {
  return value === null ? '' : showControls(String(value));
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export interface TableLayout {
  /** Indexes of the columns shown, in order. */
  columns: number[];
  /** Width of each shown column. */
  widths: number[];
}

/**
 * Fits columns of these natural widths into `total` characters: the widest columns shrink first
 * (down to a few characters), then columns are dropped from the right. Column `keep` (the id) is
 * never shrunk nor dropped.
 */
export function fitWidths(natural: readonly number[], total: number, keep = -1): TableLayout {
  let columns = natural.map((_, i) => i);
  for (;;) {
    const widths = columns.map((i) => natural[i]);
    const budget = total - GAP * (columns.length - 1);
    for (;;) {
      if (widths.reduce((a, b) => a + b, 0) <= budget) return { columns, widths };
      let widest = -1;
      widths.forEach((w, k) => {
        if (columns[k] !== keep && w > MIN_WIDTH && (widest < 0 || w > widths[widest])) widest = k;
      });
      if (widest < 0) break;
      widths[widest]--;
    }
    const droppable = [...columns].reverse().find((i) => i !== keep);
    if (columns.length <= 1 || droppable === undefined) return { columns, widths };
    columns = columns.filter((i) => i !== droppable);
  }
}

/** Per key, what marks up a cell's text as shown (cut and padded), e.g. a search match in bold: for a terminal only. */
export type CellMarks = Readonly<Record<string, (shown: string) => string>>;

/**
 * Aligned columns for people: control characters are shown escaped, and text is cut to `width`
 * (a terminal's; Infinity elsewhere). The first SAMPLE_ROWS rows size the columns, the rest stream.
 */
export function tableWriter(color: ChalkInstance, width: number, marks: CellMarks = {}): RecordWriterFactory {
  return (sink, keys) => {
    const keep = keys.indexOf('id');
    let sample: string[][] | undefined = [];
    let layout: TableLayout = { columns: [], widths: [] };
    const line = (cells: readonly string[], marked = true) =>
      layout.columns
        .map((i, k) => {
          const shown = (i === keep ? cells[i] : truncate(cells[i], layout.widths[k])).padEnd(layout.widths[k]);
          const mark = marked ? marks[keys[i]] : undefined;
          return mark ? mark(shown) : shown;
        })
        .join(' '.repeat(GAP))
        .trimEnd();
    const start = async (rows: string[][]) => {
      const natural = keys.map((key, i) => rows.reduce((max, row) => Math.max(max, row[i].length), key.length));
      layout = fitWidths(natural, width, keep);
      sample = undefined;
      await sink.write(`${color.bold(line([...keys], false))}\n`);
      for (const row of rows) await sink.write(`${line(row)}\n`);
    };
    return {
      async write(record: OutputRecord) {
        const row = keys.map((key) => cell(record[key] ?? null));
        if (!sample) return sink.write(`${line(row)}\n`);
        sample.push(row);
        if (sample.length >= SAMPLE_ROWS) await start(sample);
      },
      async end() {
        if (sample && sample.length > 0) await start(sample);
      },
    };
  };
}
