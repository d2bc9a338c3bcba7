import { UsageError, quoted } from '../../errors.js';
import { TRANSCRIPT_RECORD_KEYS } from '../../storage/records.js';
import { ExtendedVideoTranscriptRepository } from '../../storage/repositories/extended-video-transcript.repository.js';
import { transcriptSummaries } from '../../storage/repositories/transcript-reader.js';
import { NotFoundError } from '../../errors.js';
import type { TranscriptOutputFormat } from '../../transcripts/formats.js';
import type { AsrOutput } from '../../transcripts/segments.js';
import { formatSrt } from '../../transcripts/srt.js';
import { formatVtt } from '../../transcripts/vtt.js';
import type { CommandContext } from '../context.js';
import { type ListOutputOptions, recordOutput } from '../output/records.js';

export interface TranscriptGetOptions {
  model?: string;
  format: TranscriptOutputFormat;
}

/** The transcript in `format`: the text (ended by a line feed unless it ends with one or is empty), Aana's JSON, or subtitles. */
function formatted(output: AsrOutput, format: TranscriptOutputFormat): string {
  switch (format) {
    case 'text': {
      const text = output.transcription.text;
      return text === '' || text.endsWith('\n') ? text : `${text}\n`;
    }
    case 'json':
      return `${JSON.stringify(output, null, 2)}\n`;
    case 'srt':
      return formatSrt(output.segments);
    case 'vtt':
      return formatVtt(output.segments);
  }
}

/** `transcript get`: by the model given, or the video's only one; several without --model is a usage error naming them. */
export async function transcriptGet(ctx: CommandContext, mediaId: string, options: TranscriptGetOptions): Promise<void> {
  await ctx.withEntityManager(async (em) => {
    const repo = new ExtendedVideoTranscriptRepository(em);
    let model = options.model;
    if (model === undefined) {
      const models = await repo.models(mediaId);
      if (models.length === 0) throw await repo.absent(mediaId);
      if (models.length > 1) throw new UsageError(`video ${quoted(mediaId)} has transcripts by ${models.length} models (${models.map(quoted).join(', ')}): choose one with --model`);
      model = models[0];
    }
    let output: AsrOutput;
    try {
      output = await repo.getTranscript(model, mediaId);
    } catch (error) {
      throw error instanceof NotFoundError ? await repo.absent(mediaId, model) : error;
    }
    await ctx.out.write(formatted(output, options.format));
  });
}

/** `transcript list`: one video's transcripts (an unknown video exits 3), or every video's. */
export async function transcriptList(ctx: CommandContext, mediaId: string | undefined, options: ListOutputOptions): Promise<void> {
  const output = recordOutput(ctx, TRANSCRIPT_RECORD_KEYS, options);
  await ctx.withEntityManager(async (em) => {
    const records = await transcriptSummaries(em, mediaId);
    if (records.length === 0 && mediaId !== undefined) {
      const absent = await new ExtendedVideoTranscriptRepository(em).absent(mediaId);
      if (absent instanceof NotFoundError) throw absent;
    }
    for (const record of records) await output.write(record);
    await output.end();
  });
}
