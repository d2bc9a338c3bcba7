import type { Command } from 'commander';
import { SEGMENT_HIT_KEYS } from '../storage/search/segment-hit.js';
import { examples, positiveInteger } from './arguments.js';
import type { TranscriptSearchOptions } from './commands/transcript-search.js';
import { addListOutputOptions } from './options.js';
import type { ContextOf } from './program-video.js';

/** Registers `transcript search` under `transcript`; its action imports the implementation lazily. */
export function registerTranscriptSearch(transcript: Command, context: ContextOf): void {
  const search = transcript
    .command('search')
    .description("find the transcript segments that say the words, across all videos, best match first")
    .argument('<words...>', 'words every segment found says (the syntax of video search)')
    .option('--model <name>', 'only transcripts by this model')
    .option('--limit <n>', 'at most n segments (default 20)', positiveInteger);
  addListOutputOptions(search, SEGMENT_HIT_KEYS)
    .addHelpText(
      'after',
      examples(
        'aana-store transcript search climate change',
        'aana-store transcript search "machine learning" --model whisper-large --limit 5',
        'aana-store transcript search keynote --format csv --fields id,start,end,text',
      ),
    )
    .action(async (words: string[], options: TranscriptSearchOptions, command: Command) =>
      (await import('./commands/transcript-search.js')).transcriptSearch(await context(command), words, options),
    );
}
