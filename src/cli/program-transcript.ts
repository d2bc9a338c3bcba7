import { type Command, Option } from 'commander';
import { TRANSCRIPT_RECORD_KEYS } from '../storage/records.js';
import { TRANSCRIPT_INPUT_FORMATS, TRANSCRIPT_OUTPUT_FORMATS } from '../transcripts/formats.js';
import { examples, mediaId, modelName } from './arguments.js';
import type { TranscriptAddOptions } from './commands/transcript.js';
import type { TranscriptGetOptions } from './commands/transcript-get.js';
import { addListOutputOptions, conflictOption, type ListOutputOptions } from './options.js';
import type { ContextOf } from './program-video.js';
import type { Subcommands } from './lazy-groups.js';
import { registerCaptionSubcommands, registerTranscriptBulkCommands } from './program-sets.js';
import { registerTranscriptSearch } from './program-transcript-search.js';

/** Registers `transcript …`: each action imports its implementation lazily. */
export function registerTranscriptCommands(program: Command, context: ContextOf, subcommands: Subcommands): void {
  const transcript = program
    .command('transcript')
    .description("a video's transcripts (Aana's ASR output, SubRip or WebVTT): add, get, list, delete, search, import, export")
    .addHelpText('after', examples('aana-store help transcript'));
  subcommands(transcript, () => {
    registerTranscriptReadWrite(transcript, context);
    registerTranscriptBulkCommands(transcript, context);
    registerTranscriptSearch(transcript, context);
  });
}

/** `transcript add|get|list|delete`: one transcript per (video, model). */
function registerTranscriptReadWrite(transcript: Command, context: ContextOf): void {
  transcript
    .command('add')
    .description("add a video's transcript by a model from Aana's ASR JSON, SubRip or WebVTT (FILE or - for stdin); prints nothing")
    .argument('<id>', 'media id of a video with a duration', mediaId)
    .argument('[file]', 'input file, or - for stdin (the default)')
    .requiredOption('--model <name>', 'the model that made the transcript (one transcript per video and model)', modelName)
    .addOption(new Option('--format <format>', 'input format (default: from the extension .json/.srt/.vtt, else from the start of the input: { is JSON, WEBVTT is WebVTT, anything else SubRip)').choices([...TRANSCRIPT_INPUT_FORMATS]))
    .addOption(conflictOption('when the video has a transcript by the model', 'the stored one', 'replaces it in place'))
    .addHelpText('after', `\nInput must be UTF-8 (a BOM is dropped); it is read whole and checked before anything is written.\n${examples('aana-store transcript add "$ID" --model whisper-large-v3 whisper.json', 'aana-store transcript add "$ID" --model manual talk.srt', 'curl -s "$ASR_URL" | aana-store transcript add "$ID" --model whisper-medium --on-conflict update')}`)
    .action(async (id: string, file: string | undefined, options: TranscriptAddOptions, command: Command) => (await import('./commands/transcript.js')).transcriptAdd(await context(command), id, file, options));
  transcript
    .command('get')
    .description("print a video's transcript: its text, Aana's JSON, or SubRip/WebVTT subtitles")
    .argument('<id>', 'media id', mediaId)
    .option('--model <name>', 'the transcript by this model (default: the only one; several exit 2 naming them)', modelName)
    .addOption(new Option('--format <format>', 'text, JSON as Aana returns it, or subtitles').choices([...TRANSCRIPT_OUTPUT_FORMATS]).default('text'))
    .addHelpText('after', examples('aana-store transcript get "$ID"', 'aana-store transcript get "$ID" --model whisper-large --format srt > talk.srt', 'aana-store transcript get "$ID" --format json | jq ".segments | length"'))
    .action(async (id: string, options: TranscriptGetOptions, command: Command) => (await import('./commands/transcript-get.js')).transcriptGet(await context(command), id, options));
  const list = transcript
    .command('list')
    .description("list one video's transcripts, or every video's: model, language, segments, seconds, characters")
    .argument('[id]', 'media id (default: all videos)', mediaId);
  addListOutputOptions(list, TRANSCRIPT_RECORD_KEYS)
    .addHelpText(
      'after',
      `\nid is the video's media id; segments their count; seconds the latest end of a segment; characters the text's length.\n${examples('aana-store transcript list "$ID"', 'aana-store transcript list --format csv --fields id,model,seconds')}`,
    )
    .action(async (id: string | undefined, options: ListOutputOptions, command: Command) => (await import('./commands/transcript-get.js')).transcriptList(await context(command), id, options));
  transcript
    .command('delete')
    .description("delete a video's transcript by a model (with its search index rows), in one transaction")
    .argument('<id>', 'media id', mediaId)
    .requiredOption('--model <name>', 'the model whose transcript goes', modelName)
    .addHelpText('after', examples('aana-store transcript delete "$ID" --model whisper-large'))
    .action(async (id: string, options: { model: string }, command: Command) => (await import('./commands/transcript.js')).transcriptDelete(await context(command), id, options));
}

/** Registers `caption …`: each action imports its implementation lazily. */
export function registerCaptionCommands(program: Command, context: ContextOf, subcommands: Subcommands): void {
  const caption = program
    .command('caption')
    .description("captions of a video's frames: add, list, import, export")
    .addHelpText('after', examples('aana-store help caption'));
  subcommands(caption, () => registerCaptionSubcommands(caption, context));
}
