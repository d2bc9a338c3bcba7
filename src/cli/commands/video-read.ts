import { VIDEO_RECORD_KEYS } from '../../storage/records.js';
import type { CommandContext } from '../context.js';
import { type ListOutputOptions, type RecordOutputOptions, type VideoFilterOptions, type VideoSort, videoFilterOf } from '../options.js';
import { recordOutput, writeRecord } from '../output/records.js';
import { unreadableRows } from '../output/unreadable.js';
import { readVideos } from '../video-reads.js';

/** Prints one video; fields of registered video extensions (a JavaScript config's entities) join the record. */
export async function videoGet(ctx: CommandContext, id: string, options: RecordOutputOptions): Promise<void> {
  await readVideos(ctx, async (reads, extensions) => {
    await writeRecord(ctx, await extensions.extendOne(await reads.readRecord(id)), [...VIDEO_RECORD_KEYS, ...extensions.keys], options);
  });
}

export interface VideoListOptions extends VideoFilterOptions, ListOutputOptions {
  limit?: number;
  after?: string;
  sort?: VideoSort;
}

/** Streams the videos that match the filters, in (created_at, id) order or by --sort; extensions' fields as extra columns. */
export async function videoList(ctx: CommandContext, options: VideoListOptions): Promise<void> {
  await readVideos(ctx, async (reads, extensions) => {
    const output = recordOutput(ctx, [...VIDEO_RECORD_KEYS, ...extensions.keys], options);
    const unreadable = unreadableRows(ctx);
    const filter = videoFilterOf(options);
    const records = reads.list({ limit: options.limit, after: options.after, sort: options.sort, filter, onUnreadable: unreadable.report });
    for await (const record of extensions.extend(records)) {
      if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
      await output.write(record);
    }
    await output.end();
    unreadable.check();
  });
}
