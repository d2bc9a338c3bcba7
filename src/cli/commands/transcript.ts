import type { ConflictMode } from '../../storage/conflict.js';
import { ExtendedVideoTranscriptRepository } from '../../storage/repositories/extended-video-transcript.repository.js';
import type { TranscriptInputFormat } from '../../transcripts/formats.js';
import { parseTranscript, transcriptFormatOf } from '../../transcripts/transcript-input.js';
import { quoted, UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { readTextInput } from './text-input.js';

export interface TranscriptAddOptions {
  model: string;
  format?: TranscriptInputFormat;
  onConflict: ConflictMode;
}

const OUTCOME = { inserted: 'added', updated: 'replaced the stored one', kept: 'exists; left unchanged' } as const;

/**
 * `transcript add`: reads the whole input, checks all of it, and only then writes, in one
 * transaction, so invalid input leaves the database as it was. Prints nothing on stdout: the
 * transcript is named by its video and model, which the command line already holds.
 */
export async function transcriptAdd(ctx: CommandContext, mediaId: string, file: string | undefined, options: TranscriptAddOptions): Promise<void> {
  const text = await readTextInput(ctx, file);
  if (/^\s*$/.test(text)) throw new UsageError(`${file === undefined || file === '-' ? 'standard input' : quoted(file)} is empty: nothing to add`);
  const output = parseTranscript(text, options.format ?? transcriptFormatOf(file, text));
  await ctx.withEntityManager(async (em) => {
    const { outcome } = await new ExtendedVideoTranscriptRepository(em).put(options.model, mediaId, output, options.onConflict);
    const segments = `${output.segments.length} segment${output.segments.length === 1 ? '' : 's'}`;
    await ctx.info(`transcript of video ${quoted(mediaId)} by model ${quoted(options.model)} (${segments}): ${OUTCOME[outcome]}`);
  }, { write: true });
}

/** `transcript delete`: the video's transcript by the model, its rows and its search index rows, in one transaction. */
export async function transcriptDelete(ctx: CommandContext, mediaId: string, options: { model: string }): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    await new ExtendedVideoTranscriptRepository(em).deleteByModel(options.model, mediaId);
    await ctx.info(`Deleted the transcript of video ${quoted(mediaId)} by model ${quoted(options.model)}`);
  }, { write: true });
}
