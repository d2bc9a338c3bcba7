import { resolve } from 'node:path';
import { Chalk } from 'chalk';
import { VideoRepository } from '../../storage/repositories/video.repository.js';
import type { CommandContext } from '../context.js';
import { BufferedTextSink } from '../output/buffered-sink.js';
import { fileWriteError, type FileTarget, openFileTarget } from '../output/file-target.js';
import { createRecordWriter } from '../output/formats.js';
import type { OutputRecord } from '../output/record-writer.js';
import { unreadableRows } from '../output/unreadable.js';
import type { BulkFormat } from '../../storage/bulk/formats.js';
import { formatFor, isStdio } from './bulk-files.js';
import { VIDEO_RECORD_KEYS } from '../../storage/records.js';

export interface ExportOptions {
  format?: BulkFormat;
  /** CSV: neutralise formula cells for spreadsheets. */
  csvSafe?: boolean;
}

/** Rows per keyset page: large enough that the per-query cost vanishes, small enough to stay light. */
const PAGE_SIZE = 1000;

/**
 * `video export`: every video with its timestamps, in list order, streamed in constant memory to
 * stdout or a file, in a format `video import` reads back exactly. A file appears only complete:
 * it is written beside the target and renamed over it at the end (see openFileTarget).
 */
export async function videoExport(ctx: CommandContext, file: string | undefined, options: ExportOptions): Promise<void> {
  const format = formatFor(file, options.format);
  const target: FileTarget | undefined = isStdio(file) ? undefined : await openFileTarget(resolve(ctx.io.cwd, file as string), file);
  const sink = new BufferedTextSink(target?.stream ?? ctx.io.stdout);
  const writer = createRecordWriter(format, sink, VIDEO_RECORD_KEYS, { color: new Chalk({ level: 0 }), csvSafe: options.csvSafe });
  const unreadable = unreadableRows(ctx);
  let count = 0;
  try {
    await ctx.withEntityManager(async (em) => {
      for await (const page of new VideoRepository(em).listPages({ pageSize: PAGE_SIZE, onUnreadable: unreadable.report, oneStatement: true })) {
        if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
        for (const record of page) await writer.write(record as unknown as OutputRecord);
        count += page.length;
      }
    });
    await writer.end();
    await sink.flush();
    await target?.commit();
  } catch (error) {
    if (!target) throw error;
    await target.discard();
    throw target.failure ? fileWriteError(file as string, target.failure) : error;
  }
  if (target) await ctx.info(`exported ${count} videos to ${file as string}`);
  unreadable.check();
}
