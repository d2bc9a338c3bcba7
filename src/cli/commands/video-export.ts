import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { Chalk } from 'chalk';
import { VIDEO_RECORD_KEYS, VideoRepository } from '../../storage/repositories/video.repository.js';
import type { CommandContext } from '../context.js';
import { BufferedTextSink } from '../output/buffered-sink.js';
import { createRecordWriter } from '../output/formats.js';
import type { OutputRecord } from '../output/record-writer.js';
import { type BulkFormat, formatFor, isStdio } from './bulk-files.js';

export type ExportFormat = BulkFormat;

/** Rows per keyset page: large enough that the per-query cost vanishes, small enough to stay light. */
const PAGE_SIZE = 1000;

/**
 * `video export`: every video with its timestamps, in list order, streamed in constant memory to
 * stdout or a file, in a format `video import` reads back exactly.
 */
export async function videoExport(ctx: CommandContext, file: string | undefined, options: { format?: ExportFormat }): Promise<void> {
  const format = formatFor(file, options.format);
  const stream = isStdio(file) ? ctx.io.stdout : createWriteStream(resolve(ctx.io.cwd, file as string), { mode: 0o600 });
  const sink = new BufferedTextSink(stream);
  const writer = createRecordWriter(format, sink, VIDEO_RECORD_KEYS, { color: new Chalk({ level: 0 }) });
  let count = 0;
  try {
    await ctx.withEntityManager(async (em) => {
      for await (const page of new VideoRepository(em).listPages({ pageSize: PAGE_SIZE })) {
        if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
        for (const record of page) await writer.write(record as unknown as OutputRecord);
        count += page.length;
      }
    });
    await writer.end();
    await sink.flush();
  } finally {
    if (!isStdio(file)) {
      stream.end();
      await finished(stream);
    }
  }
  if (!isStdio(file)) await ctx.info(`exported ${count} videos to ${file as string}`);
}
