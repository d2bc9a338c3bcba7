import { quoted } from '../../errors.js';
import type { BulkFormat } from '../../storage/bulk/formats.js';
import { readRecords } from '../../storage/bulk/readers.js';
import { ExtendedVideoCaptionRepository } from '../../storage/repositories/extended-video-caption.repository.js';
import { VideoRepository } from '../../storage/repositories/video.repository.js';
import { claimCaptionSet } from '../../storage/transcripts-bulk/caption-sets.js';
import { captionPages } from '../../storage/transcripts-bulk/export-pages.js';
import { CAPTION_LIST_KEYS, type SetConflictMode } from '../../storage/transcripts-bulk/keys.js';
import { bulkTables } from '../../storage/transcripts-bulk/tables.js';
import { checkVideos } from '../../storage/transcripts-bulk/videos.js';
import { writeTransaction } from '../../storage/write-transaction.js';
import { type CaptionRecord, CAPTION_KEYS, validateCaption } from '../../transcripts/captions.js';
import type { CommandContext } from '../context.js';
import type { ListOutputOptions } from '../options.js';
import { recordOutput } from '../output/records.js';
import { openInput } from './video-import.js';

export interface CaptionAddOptions {
  model: string;
  format?: BulkFormat;
  onConflict: SetConflictMode;
}

/**
 * `caption add`: reads every record first (a bad one names its line and nothing is written), then
 * stores them through the library in one transaction, after `--on-conflict` has decided about the
 * captions the video already has by the model.
 */
export async function captionAdd(ctx: CommandContext, mediaId: string, file: string | undefined, options: CaptionAddOptions): Promise<void> {
  const input = await openInput(ctx, file, options.format);
  const captions: CaptionRecord[] = [];
  try {
    for await (const item of readRecords(input.format, input.stream, { bytes: 0 }, false, CAPTION_KEYS)) {
      if (item.error) throw item.error;
      captions.push(validateCaption(item.value, item.line));
    }
  } finally {
    input.stream.destroy();
  }
  const written = await ctx.withEntityManager(
    (em) =>
      writeTransaction(em, async (tx) => {
        const tables = bulkTables(tx);
        await checkVideos(tx, tables, [{ line: undefined, mediaId }]);
        if (!(await claimCaptionSet(tx, tables, mediaId, options.model, options.onConflict))) return false;
        await new ExtendedVideoCaptionRepository(tx).saveAll(options.model, mediaId, captions.map((c) => c.caption), captions.map((c) => c.timestamp), captions.map((c) => c.frame_id));
        return true;
      }),
    { write: true },
  );
  const whose = `video ${quoted(mediaId)} by model ${quoted(options.model)}`;
  await ctx.info(written ? `added ${captions.length} captions to ${whose}` : `${whose} has captions already; left unchanged`);
}

export interface CaptionListOptions extends ListOutputOptions {
  model?: string;
}

/** `caption list`: the video's captions by frame (by every model, or one); an unknown video exits 3, a video without captions prints none. */
export async function captionList(ctx: CommandContext, mediaId: string, options: CaptionListOptions): Promise<void> {
  const output = recordOutput(ctx, CAPTION_LIST_KEYS, options);
  await ctx.withEntityManager(async (em) => {
    await new VideoRepository(em).read(mediaId);
    for await (const page of captionPages(em, { mediaId, model: options.model })) for (const record of page) await output.write(record);
    await output.end();
  });
}
