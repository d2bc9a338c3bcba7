import { quoted, UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { unknownValue } from '../suggest.js';
import type { ListFormat, RecordFormat } from './format-names.js';
import { createRecordWriter } from './formats.js';
import type { CellMarks } from './table.js';

/** `--format`, `-0`, `--fields` and `--csv-safe` of a command that prints a list of records. */
export interface ListOutputOptions {
  format?: ListFormat;
  /** NUL-terminated ids. */
  null?: boolean;
  /** Comma-separated keys to print, in that order. */
  fields?: string;
  /** CSV/TSV: neutralise formula cells for spreadsheets. */
  csvSafe?: boolean;
}

/** `--format`, `--fields` and `--csv-safe` of a command that prints one record. */
export interface RecordOutputOptions {
  format: RecordFormat;
  fields?: string;
  csvSafe?: boolean;
}

/** The keys `--fields` picks (all of them without it), checked against what the records hold. */
export function selectFields(keys: readonly string[], fields: string | undefined): string[] {
  if (fields === undefined) return [...keys];
  const picked = fields.split(',').map((field) => field.trim()).filter(Boolean);
  if (picked.length === 0) throw new UsageError('--fields: name at least one field');
  const unknown = picked.find((field) => !keys.includes(field));
  if (unknown !== undefined) throw unknownValue('--fields', 'field', unknown, keys);
  const twice = picked.find((field, i) => picked.indexOf(field) !== i);
  if (twice !== undefined) throw new UsageError(`--fields: ${quoted(twice)} is named twice`);
  return picked;
}

type Printable = object;

function project(record: Printable, keys: readonly string[]): Record<string, string | number | null> {
  const source = record as Record<string, string | number | null>;
  return Object.fromEntries(keys.map((key) => [key, source[key] ?? null]));
}

/**
 * Opens a writer for a stream of records: `table` on a terminal, NDJSON otherwise. Fields are checked
 * before anything runs. `marks` mark up a table's cells (never a machine format's).
 */
export function recordOutput(ctx: CommandContext, keys: readonly string[], options: ListOutputOptions, marks?: CellMarks) {
  const selected = selectFields(keys, options.fields);
  const format = options.format ?? (ctx.out.isTTY ? 'table' : 'ndjson');
  const writer = createRecordWriter(format, ctx.out, selected, { ...ctx.writerOptions, nul: options.null, csvSafe: options.csvSafe, marks });
  return {
    write: (record: Printable) => writer.write(project(record, selected)),
    end: () => writer.end(),
  };
}

/** Prints one record: `text` lines, a JSON object, or a one-row list in any list format. */
export async function writeRecord(ctx: CommandContext, record: Printable, keys: readonly string[], options: RecordOutputOptions): Promise<void> {
  const selected = selectFields(keys, options.fields);
  const row = project(record, selected);
  if (options.format === 'json') return ctx.out.write(`${JSON.stringify(row, null, 2)}\n`);
  const writer = createRecordWriter(options.format, ctx.out, selected, { ...ctx.writerOptions, csvSafe: options.csvSafe });
  await writer.write(row);
  await writer.end();
}
