import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { quoted, UsageError } from '../../errors.js';
import { type ImportProgress, type ImportSummary, importVideos } from '../../storage/bulk/importer.js';
import type { ImportFormat } from '../../storage/bulk/readers.js';
import type { ConflictMode } from '../../storage/bulk/writer.js';
import type { CommandContext } from '../context.js';
import { formatFor, isStdio } from './bulk-files.js';

export interface VideoImportOptions {
  format?: ImportFormat;
  onConflict: ConflictMode;
  batchSize?: number;
  skipInvalid?: boolean;
  report?: 'json';
}

interface Input {
  stream: Readable;
  size: number | undefined;
}

function openInput(ctx: CommandContext, file: string | undefined): Input {
  if (isStdio(file)) {
    if (!ctx.io.stdin) throw new UsageError('no standard input to read records from');
    return { stream: ctx.io.stdin, size: undefined };
  }
  const path = resolve(ctx.io.cwd, file as string);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${quoted(file as string)} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${quoted(file as string)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { stream: createReadStream(path, { highWaterMark: 1024 * 1024 }), size };
}

/**
 * A progress bar on stderr through cli-progress (only on a terminal): records, rate, bytes read
 * against the file size and the time left. Messages about skipped lines go above the bar.
 */
async function progressBar(ctx: CommandContext, size: number | undefined) {
  if (!ctx.io.stderr.isTTY || ctx.options.quiet) return undefined;
  const { MultiBar, Presets } = await import('cli-progress');
  const known = size !== undefined && size > 0;
  const multi = new MultiBar(
    {
      stream: ctx.io.stderr,
      format: known
        ? '{bar} {percentage}% | {records} records | {rate} records/s | {read} / {size} | ETA {eta_formatted}'
        : '{records} records | {rate} records/s | {read} read',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const started = performance.now();
  const bar = multi.create(known ? size : 1, 0, { records: 0, rate: 0, read: mb(0), size: mb(size ?? 0) });
  return {
    update(progress: ImportProgress) {
      const seconds = (performance.now() - started) / 1000;
      const payload = { records: progress.records, rate: seconds > 0 ? Math.round(progress.records / seconds) : 0, read: mb(progress.bytes), size: mb(size ?? 0) };
      bar.update(known ? progress.bytes : 0, payload);
    },
    log(line: string) {
      multi.log(`${line}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}

function summaryLine(summary: ImportSummary, skipInvalid: boolean): string {
  const invalid = skipInvalid ? `, invalid ${summary.invalid}` : '';
  return `inserted ${summary.inserted}, skipped ${summary.skipped}, updated ${summary.updated}${invalid} in ${summary.seconds.toFixed(1)} s`;
}

/** `video import`: streams NDJSON, CSV or a JSON array into the database. */
export async function videoImport(ctx: CommandContext, file: string | undefined, options: VideoImportOptions): Promise<void> {
  const format = formatFor(file, options.format);
  const input = openInput(ctx, file);
  const bar = await progressBar(ctx, input.size);
  let summary: ImportSummary;
  try {
    summary = await ctx.withEntityManager((em) =>
      importVideos(em, input.stream, {
        format,
        onConflict: options.onConflict,
        batchSize: options.batchSize,
        skipInvalid: options.skipInvalid,
        onInvalid: (error) => {
          const line = `skipped ${error.message}`;
          if (bar) bar.log(line);
          else ctx.io.stderr.write(`${line}\n`);
        },
        onProgress: bar ? (progress) => bar.update(progress) : undefined,
        signal: ctx.signal,
      }),
      { write: true },
    );
  } finally {
    bar?.stop();
    input.stream.destroy();
  }
  await ctx.info(summaryLine(summary, Boolean(options.skipInvalid)));
  if (options.report === 'json') {
    const { records, invalid, inserted, skipped, updated, bytes, seconds } = summary;
    await ctx.out.write(`${JSON.stringify({ records, inserted, skipped, updated, invalid, bytes, seconds: Number(seconds.toFixed(3)) })}\n`);
  }
}
