import type { ConflictMode } from '../../storage/conflict.js';
import { VIDEO_FIELD_KEYS, type VideoFieldKey, type VideoStatus } from '../../storage/entities/video.fields.js';
import { VideoRepository } from '../../storage/repositories/video.repository.js';
import type { CommandContext } from '../context.js';
import type { WriteFormat } from '../output/format-names.js';
import { writeRecord } from '../output/records.js';
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

