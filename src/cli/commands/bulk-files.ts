import { extname, resolve } from 'node:path';
import { quoted, UsageError } from '../../errors.js';
import type { BulkFormat } from '../../storage/bulk/formats.js';
import type { CommandContext } from '../context.js';
import { BufferedTextSink } from '../output/buffered-sink.js';
import { fileWriteError, openFileTarget } from '../output/file-target.js';


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

/**
 * Streams an export to FILE or stdout: `write` fills the sink and returns how many records it wrote.
 * A file appears only complete (see openFileTarget); on any failure it is discarded.
 */
export async function exportTo(ctx: CommandContext, file: string | undefined, what: string, write: (sink: BufferedTextSink) => Promise<number>): Promise<void> {
  const target = isStdio(file) ? undefined : await openFileTarget(resolve(ctx.io.cwd, file as string), file);
  const sink = new BufferedTextSink(target?.stream ?? ctx.io.stdout);
  let count: number;
  try {
    count = await write(sink);
    await sink.flush();
    await target?.commit();
  } catch (error) {
    if (!target) throw error;
    await target.discard();
    throw target.failure ? fileWriteError(file as string, target.failure) : error;
  }
  if (target) await ctx.info(`exported ${count} ${what} to ${file as string}`);
}
