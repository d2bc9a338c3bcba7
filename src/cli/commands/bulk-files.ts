import { extname } from 'node:path';
import { quoted, UsageError } from '../../errors.js';
import type { BulkFormat } from '../../storage/bulk/formats.js';


const BY_EXTENSION: Record<string, BulkFormat> = { '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv', '.json': 'json' };

/** The format a file's extension names; stdin and stdout (`-`) default to NDJSON. */
export function formatFor(file: string | undefined, given: BulkFormat | undefined): BulkFormat {
  if (given) return given;
  if (file === undefined || file === '-') return 'ndjson';
  const format = BY_EXTENSION[extname(file).toLowerCase()];
  if (!format) throw new UsageError(`cannot tell the format of ${quoted(file)} from its extension; pass --format ndjson|csv|json`);
  return format;
}

/** Whether the file's extension names a format. */
export function hasFormatExtension(file: string): boolean {
  return Object.hasOwn(BY_EXTENSION, extname(file).toLowerCase());
}

export function isStdio(file: string | undefined): boolean {
  return file === undefined || file === '-';
}
