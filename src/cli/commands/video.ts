import { VIDEO_RECORD_KEYS, type VideoRecord, VideoRepository } from '../../storage/repositories/video.repository.js';
import { VideoExtensions } from '../../storage/video-extensions.js';
import type { CommandContext } from '../context.js';
import { createRecordWriter, type ListFormat, type RecordFormat } from '../output/formats.js';

export interface VideoAddOptions {
  url?: string;
  path?: string;
  title?: string;
  description?: string;
  id?: string;
  format?: 'id' | 'json';
}

async function writeOne(ctx: CommandContext, record: VideoRecord, format: RecordFormat, keys: readonly string[] = VIDEO_RECORD_KEYS): Promise<void> {
  if (format === 'json') return ctx.out.write(`${JSON.stringify(record, null, 2)}\n`);
  const writer = createRecordWriter('text', ctx.out, keys, { color: ctx.color });
  await writer.write({ ...record });
  await writer.end();
}

/** Adds a video with its media row; prints the new id (or the record with --format json). */
export async function videoAdd(ctx: CommandContext, options: VideoAddOptions): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    const entity = await repo.add(options);
    if (options.format === 'json') await writeOne(ctx, repo.toRecord(entity), 'json');
    else await ctx.out.write(`${entity.id}\n`);
  }, { write: true, retryBusy: true });
}

export async function videoGet(ctx: CommandContext, id: string, options: { format: RecordFormat }): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    const extensions = new VideoExtensions(em);
    await writeOne(ctx, await extensions.extendOne(repo.toRecord(await repo.read(id))), options.format, [...VIDEO_RECORD_KEYS, ...extensions.keys]);
  });
}

export interface VideoListOptions {
  limit?: number;
  after?: string;
  format?: ListFormat;
  null?: boolean;
}

/** Streams videos in (created_at, id) order; `table` on a terminal, NDJSON otherwise. */
export async function videoList(ctx: CommandContext, options: VideoListOptions): Promise<void> {
  const format = options.format ?? (ctx.out.isTTY ? 'table' : 'ndjson');
  await ctx.withEntityManager(async (em) => {
    // Fields of registered video extensions (a JavaScript config's entities) join the record as extra columns.
    const extensions = new VideoExtensions(em);
    const writer = createRecordWriter(format, ctx.out, [...VIDEO_RECORD_KEYS, ...extensions.keys], { color: ctx.color, nul: options.null });
    for await (const record of extensions.extend(new VideoRepository(em).list({ limit: options.limit, after: options.after }))) {
      ctx.signal?.throwIfAborted();
      await writer.write({ ...record });
    }
    await writer.end();
  });
}
