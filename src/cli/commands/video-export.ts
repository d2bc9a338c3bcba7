import { Chalk } from 'chalk';
import { VideoRepository } from '../../storage/repositories/video.repository.js';
import type { CommandContext } from '../context.js';
import { createRecordWriter } from '../output/formats.js';
import type { OutputRecord } from '../output/record-writer.js';
import { unreadableRows } from '../output/unreadable.js';
import type { BulkFormat } from '../../storage/bulk/formats.js';
import { exportTo, formatFor } from './bulk-files.js';
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
  const unreadable = unreadableRows(ctx);
  await exportTo(ctx, file, 'videos', async (sink) => {
    const writer = createRecordWriter(format, sink, VIDEO_RECORD_KEYS, { color: new Chalk({ level: 0 }), csvSafe: options.csvSafe });
    let count = 0;
    await ctx.withEntityManager(async (em) => {
      for await (const page of new VideoRepository(em).listPages({ pageSize: PAGE_SIZE, onUnreadable: unreadable.report, oneStatement: true })) {
        if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
        for (const record of page) await writer.write(record as unknown as OutputRecord);
        count += page.length;
      }
    });
    await writer.end();
    return count;
  });
  unreadable.check();
}
