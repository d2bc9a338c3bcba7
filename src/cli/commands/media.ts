import { MediaReader } from '../../storage/repositories/media-reader.js';
import type { CommandContext } from '../context.js';
import type { ListOutputOptions, RecordOutputOptions } from '../options.js';
import { recordOutput, writeRecord } from '../output/records.js';
import { unreadableRows } from '../output/unreadable.js';
import { MEDIA_RECORD_KEYS } from '../../storage/records.js';

export interface MediaListCommandOptions extends ListOutputOptions {
  limit?: number;
  after?: string;
  type?: string;
}

/** Streams every media row, whatever its type, in (created_at, id) order. */
export async function mediaList(ctx: CommandContext, options: MediaListCommandOptions): Promise<void> {
  const output = recordOutput(ctx, MEDIA_RECORD_KEYS, options);
  const unreadable = unreadableRows(ctx);
  await ctx.withEntityManager(async (em) => {
    const records = new MediaReader(em).list({ limit: options.limit, after: options.after, mediaType: options.type, onUnreadable: unreadable.report });
    for await (const record of records) await output.write(record);
  });
  await output.end();
  unreadable.check();
}

export async function mediaGet(ctx: CommandContext, id: string, options: RecordOutputOptions): Promise<void> {
  await ctx.withEntityManager(async (em) => writeRecord(ctx, await new MediaReader(em).read(id), MEDIA_RECORD_KEYS, options));
}
