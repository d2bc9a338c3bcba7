import type { Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { quoted, UsageError } from '../../errors.js';
import { type ImportOptions, type ImportSummary, importVideos, parseInput } from '../../storage/bulk/importer.js';
import type { BulkFormat } from '../../storage/bulk/formats.js';
import type { ConflictMode } from '../../storage/bulk/writer.js';
import type { CommandContext } from '../context.js';
import { formatFor, hasFormatExtension, isStdio } from './bulk-files.js';
import { progressBar } from './import-progress.js';

export interface VideoImportOptions {
  format?: BulkFormat;
  onConflict: ConflictMode;
  batchSize?: number;
  skipInvalid?: boolean;
  report?: 'json';
}

export interface Input {
  stream: Readable;
  format: BulkFormat;
  /** Known for a regular file only: a pipe or a device has no size, so no percentage either. */
  size: number | undefined;
}

/**
 * Opens FILE (or stdin) for reading: a regular file, a FIFO, `<(…)` (a /dev/fd pipe) or a character
 * device; only a directory is refused. A path with no format extension that is not a regular file
 * reads as NDJSON, as stdin does. Opening is asynchronous because a FIFO's open waits for a writer.
 */
export async function openInput(ctx: CommandContext, file: string | undefined, given: BulkFormat | undefined): Promise<Input> {
  if (isStdio(file)) {
    if (!ctx.io.stdin) throw new UsageError('no standard input to read records from');
    return { stream: ctx.io.stdin, format: formatFor(file, given), size: undefined };
  }
  const name = file as string;
  let handle: FileHandle;
  let stat: Stats;
  try {
    handle = await open(resolve(ctx.io.cwd, name), 'r');
    stat = await handle.stat();
  } catch (error) {
    throw new UsageError(`cannot read ${quoted(name)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    if (stat.isDirectory()) throw new UsageError(`${quoted(name)} is a directory, not a file to read records from`);
    const format = !given && !stat.isFile() && !hasFormatExtension(name) ? 'ndjson' : formatFor(name, given);
    return { stream: handle.createReadStream({ highWaterMark: 1024 * 1024 }), format, size: stat.isFile() ? stat.size : undefined };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Every record counts once: inserted, updated, unchanged or skipped when written; invalid when rejected. */
function summaryLine(summary: ImportSummary): string {
  const { inserted, updated, unchanged, skipped, invalid, seconds } = summary;
  return `inserted ${inserted}, updated ${updated}, unchanged ${unchanged}, skipped ${skipped}, invalid ${invalid} in ${seconds.toFixed(1)} s`;
}

/** `video import`: streams NDJSON, CSV or a JSON array into the database. */
export async function videoImport(ctx: CommandContext, file: string | undefined, options: VideoImportOptions): Promise<void> {
  const input = await openInput(ctx, file, options.format);
  const bar = await progressBar(ctx, input.size);
  const importOptions: ImportOptions = {
    format: input.format,
    onConflict: options.onConflict,
    batchSize: options.batchSize,
    skipInvalid: options.skipInvalid,
    onInvalid: (error) => {
      const line = `invalid ${error.message}`;
      if (bar) bar.log(line);
      else ctx.io.stderr.write(`${line}\n`);
    },
    onProgress: bar ? (progress) => bar.update(progress) : undefined,
    signal: ctx.signal,
  };
  // Parsing (in a worker thread) starts while the database is being opened.
  const parsing = await parseInput(input.stream, importOptions, ctx.settings.type === 'sqlite');
  let summary: ImportSummary;
  try {
    summary = await ctx.withEntityManager((em) => importVideos(em, input.stream, { ...importOptions, parsing }), { write: true });
  } finally {
    await parsing.close();
    bar?.stop();
    input.stream.destroy();
  }
  await ctx.info(summaryLine(summary));
  if (options.report === 'json') {
    const { records, inserted, updated, unchanged, skipped, invalid, bytes, seconds } = summary;
    await ctx.out.write(`${JSON.stringify({ records, inserted, updated, unchanged, skipped, invalid, bytes, seconds: Number(seconds.toFixed(3)) })}\n`);
  }
}
