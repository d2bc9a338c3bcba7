import type { ConflictMode } from '../../storage/conflict.js';
import { VIDEO_FIELD_KEYS, type VideoFieldKey, type VideoStatus } from '../../storage/entities/video.fields.js';
import { VideoRepository } from '../../storage/repositories/video.repository.js';
import { VideoExtensions } from '../../storage/video-extensions.js';
import type { CommandContext } from '../context.js';
import type { WriteFormat } from '../output/format-names.js';
import { type ListOutputOptions, type RecordOutputOptions, type VideoFilterOptions, type VideoSort, videoFilterOf } from '../options.js';
import { recordOutput, writeRecord } from '../output/records.js';
import { unreadableRows } from '../output/unreadable.js';
import { VIDEO_RECORD_KEYS } from '../../storage/records.js';

/** `--<field> <value>` for each of the video's fields, and the id, output and conflict options. */
export type VideoAddOptions = Partial<Record<VideoFieldKey, string>> & {
  id?: string;
  /** Seconds (parsed by the option): makes it an extended video. */
  duration?: number;
  /** An extended video's status (default created); needs a duration. */
  status?: VideoStatus;
  format?: WriteFormat;
  /** What a taken id does: fail with exit 4 (default), keep the stored video, or change its given fields. */
  onConflict?: ConflictMode;
};

/** Adds a video with its media row; prints the new id (or the record with --format json). */
export async function videoAdd(ctx: CommandContext, options: VideoAddOptions): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    const input = { id: options.id, ...Object.fromEntries(VIDEO_FIELD_KEYS.map((key) => [key, options[key]])) };
    const extended = { duration: options.duration, status: options.status };
    let entity;
    if (options.onConflict === 'skip' || options.onConflict === 'update') {
      const result = await repo.addOrMerge(input, options.onConflict === 'skip' ? 'ignore' : 'update', extended);
      entity = result.entity;
      if (result.outcome === 'kept') await ctx.info(`video ${entity.id} exists; left unchanged`);
      if (result.outcome === 'updated') await ctx.info(`video ${entity.id} exists; updated`);
    } else entity = await repo.add(input, extended);
    if (options.format === 'json') await writeRecord(ctx, await repo.recordOf(entity), VIDEO_RECORD_KEYS, { format: 'json' });
    else await ctx.out.write(`${entity.id}\n`);
  }, { write: true });
}

export async function videoGet(ctx: CommandContext, id: string, options: RecordOutputOptions): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    // Fields of registered video extensions (a JavaScript config's entities) join the record.
    const extensions = new VideoExtensions(em);
    await writeRecord(ctx, await extensions.extendOne(await repo.readRecord(id)), [...VIDEO_RECORD_KEYS, ...extensions.keys], options);
  });
}

export interface VideoListOptions extends VideoFilterOptions, ListOutputOptions {
  limit?: number;
  after?: string;
  sort?: VideoSort;
}

/** Streams the videos that match the filters, in (created_at, id) order or by --sort. */
export async function videoList(ctx: CommandContext, options: VideoListOptions): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    // Fields of registered video extensions (a JavaScript config's entities) join the record as extra columns.
    const extensions = new VideoExtensions(em);
    const output = recordOutput(ctx, [...VIDEO_RECORD_KEYS, ...extensions.keys], options);
    const unreadable = unreadableRows(ctx);
    const filter = videoFilterOf(options);
    const records = new VideoRepository(em).list({ limit: options.limit, after: options.after, sort: options.sort, filter, onUnreadable: unreadable.report });
    for await (const record of extensions.extend(records)) {
      if (ctx.signal?.aborted) ctx.signal.throwIfAborted();
      await output.write(record);
    }
    await output.end();
    unreadable.check();
  });
}
