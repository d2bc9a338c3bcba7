import type { Readable } from 'node:stream';
import type { BulkFormat } from '../../storage/bulk/formats.js';
import type { StoreEntityManager } from '../../storage/orm.js';
import type { SetImportOptions, SetImportSummary } from '../../storage/transcripts-bulk/import-loop.js';
import type { SetConflictMode } from '../../storage/transcripts-bulk/keys.js';
import type { CommandContext } from '../context.js';
import { exportTo } from './bulk-files.js';
import { openInput } from './video-import.js';

/** The options of `transcript import` and `caption import`. */
export interface SetImportCliOptions {
  format?: BulkFormat;
  onConflict: SetConflictMode;
  skipInvalid?: boolean;
  report?: 'json';
}

type Importer = (em: StoreEntityManager, source: Readable, options: SetImportOptions) => Promise<SetImportSummary>;

/** Runs an import of transcripts or captions from FILE or stdin; the summary on stderr, or on stdout with --report json. */
export async function importSetsCommand(ctx: CommandContext, file: string | undefined, options: SetImportCliOptions, importer: Importer): Promise<void> {
  const input = await openInput(ctx, file, options.format);
  let summary: SetImportSummary;
  try {
    summary = await ctx.withEntityManager(
      (em) =>
        importer(em, input.stream, {
          format: input.format,
          onConflict: options.onConflict,
          skipInvalid: options.skipInvalid,
          onInvalid: (error) => ctx.io.stderr.write(`invalid ${error.message}\n`),
          signal: ctx.signal,
        }),
      { write: true },
    );
  } finally {
    input.stream.destroy();
  }
  const { records, inserted, updated, skipped, invalid, bytes, seconds } = summary;
  await ctx.info(`inserted ${inserted}, updated ${updated}, skipped ${skipped}, invalid ${invalid} in ${seconds.toFixed(1)} s`);
  if (options.report === 'json') await ctx.out.write(`${JSON.stringify({ records, inserted, updated, skipped, invalid, bytes, seconds: Number(seconds.toFixed(3)) })}\n`);
}

/**
 * Writes every record of `pages` as NDJSON to FILE or stdout, streamed; a file appears only
 * complete (see openFileTarget). `what` names the records in the closing message.
 */
export async function exportNdjsonCommand<R>(ctx: CommandContext, file: string | undefined, what: string, pages: (em: StoreEntityManager) => AsyncIterable<R[]>, toRecord: (record: R) => object = (record) => record as object): Promise<void> {
  await exportTo(ctx, file, what, async (sink) => {
    let count = 0;
    await ctx.withEntityManager(async (em) => {
      for await (const page of pages(em)) {
        if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
        for (const record of page) await sink.write(`${JSON.stringify(toRecord(record))}\n`);
        count += page.length;
      }
    });
    return count;
  });
}
