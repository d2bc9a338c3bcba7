import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../../errors.js';
import { type ImportSummary, importVideos } from '../../storage/bulk/importer.js';
import type { ImportFormat } from '../../storage/bulk/readers.js';
import type { ConflictMode } from '../../storage/bulk/writer.js';
import type { CommandContext } from '../context.js';
import { formatFor, isStdio } from './bulk-files.js';
import { progressBar } from './import-progress.js';

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
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { stream: createReadStream(path, { highWaterMark: 1024 * 1024 }), size };
}

/** Every record counts once: inserted, updated, unchanged or skipped when written; invalid when rejected. */
function summaryLine(summary: ImportSummary): string {
  const { inserted, updated, unchanged, skipped, invalid, seconds } = summary;
  return `inserted ${inserted}, updated ${updated}, unchanged ${unchanged}, skipped ${skipped}, invalid ${invalid} in ${seconds.toFixed(1)} s`;
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
          const line = `invalid ${error.message}`;
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
  await ctx.info(summaryLine(summary));
  if (options.report === 'json') {
    const { records, inserted, updated, unchanged, skipped, invalid, bytes, seconds } = summary;
    await ctx.out.write(`${JSON.stringify({ records, inserted, updated, unchanged, skipped, invalid, bytes, seconds: Number(seconds.toFixed(3)) })}\n`);
  }
}
