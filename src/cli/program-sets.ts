import { type Command, Option } from 'commander';
import { BULK_FORMATS } from '../storage/bulk/formats.js';
import { MAX_RECORD_CHARS } from '../storage/bulk/limits.js';
import { CAPTION_LIST_KEYS, SET_CONFLICT_MODES } from '../storage/transcripts-bulk/keys.js';
import { examples, mediaId } from './arguments.js';
import type { CaptionAddOptions, CaptionListOptions } from './commands/caption.js';
import type { SetImportCliOptions } from './commands/set-bulk.js';
import type { ContextOf } from './program-video.js';
import { addListOutputOptions } from './options.js';
import type { CommandContext } from './context.js';

/** `--on-conflict` of the commands that write a (video, model)'s transcripts or captions: `what` names them. */
export const setConflictOption = (what: string) =>
  new Option('--on-conflict <mode>', `when the video already has ${what} by the model: error fails (exit 4), skip keeps them, update replaces them, append adds to them`)
    .choices([...SET_CONFLICT_MODES])
    .default('error');

const importLimit = `\nInput must be UTF-8; one record may have at most ${MAX_RECORD_CHARS} characters (4 MiB).\nThe whole import is one transaction: on any error nothing is written.\n`;

interface BulkActions {
  exportFn: (ctx: CommandContext, file: string | undefined) => Promise<void>;
  importFn: (ctx: CommandContext, file: string | undefined, options: SetImportCliOptions) => Promise<void>;
}

/** `import` and `export` of NDJSON records under `group` (transcript or caption); `noun` names its records. */
function addBulkCommands(group: Command, context: ContextOf, noun: 'transcript' | 'caption', formats: readonly string[], load: () => Promise<BulkActions>): void {
  group
    .command('import')
    .description(`import ${noun}s as \`${noun} export\` writes them, streamed (FILE or - for stdin)`)
    .argument('[file]', 'input file, or - for stdin (the default)')
    .addOption(new Option('--format <format>', 'input format (default: from the extension; ndjson for stdin)').choices([...formats]))
    .addOption(setConflictOption(noun === 'transcript' ? 'a transcript' : 'captions'))
    .option('--skip-invalid', 'report and count invalid records on stderr instead of stopping')
    .addOption(new Option('--report <format>', 'print the summary on stdout').choices(['json']))
    .addHelpText('after', `${importLimit}${examples(`aana-store ${noun} import ${noun}s.ndjson`, `aana-store --db old.db ${noun} export | aana-store --db new.db ${noun} import -`)}`)
    .action(async (file: string | undefined, options: SetImportCliOptions, command: Command) => (await load()).importFn(await context(command), file, options));
  group
    .command('export')
    .description(`export every video ${noun} with its timestamps as NDJSON, streamed (FILE or - for stdout)`)
    .argument('[file]', 'output file, or - for stdout (the default)')
    .addHelpText('after', examples(`aana-store ${noun} export > ${noun}s.ndjson`, `aana-store --db old.db ${noun} export | aana-store --db new.db ${noun} import -`))
    .action(async (file: string | undefined, _options, command: Command) => (await load()).exportFn(await context(command), file));
}

/** `transcript import` and `transcript export`. */
export function registerTranscriptBulkCommands(transcript: Command, context: ContextOf): void {
  addBulkCommands(transcript, context, 'transcript', ['ndjson', 'json'], async () => {
    const m = await import('./commands/transcript-bulk.js');
    return { exportFn: m.transcriptExport, importFn: m.transcriptImport };
  });
}

/** `caption add`, `caption list`, `caption import` and `caption export`. */
export function registerCaptionSubcommands(caption: Command, context: ContextOf): void {
  caption
    .command('add')
    .description("add captions of a video's frames: records of frame_id, timestamp and caption (FILE or - for stdin)")
    .argument('<id>', 'media id of a video with a duration', mediaId)
    .argument('[file]', 'NDJSON, CSV or a JSON array, or - for stdin (the default)')
    .requiredOption('--model <name>', 'the model that wrote the captions')
    .addOption(new Option('--format <format>', 'input format (default: from the extension; ndjson for stdin)').choices([...BULK_FORMATS]))
    .addOption(setConflictOption('captions'))
    .addHelpText('after', examples('aana-store caption add ev-1 --model blip2 captions.csv', 'printf \'{"frame_id":0,"timestamp":0,"caption":"a cat"}\\n\' | aana-store caption add ev-1 --model blip2', 'aana-store caption add ev-1 --model blip2 more.ndjson --on-conflict append'))
    .action(async (id: string, file: string | undefined, options: CaptionAddOptions, command: Command) => (await import('./commands/caption.js')).captionAdd(await context(command), id, file, options));
  const list = caption
    .command('list')
    .description("list a video's captions by frame")
    .argument('<id>', 'media id', mediaId)
    .option('--model <name>', 'only the captions by this model');
  addListOutputOptions(list, CAPTION_LIST_KEYS)
    .addHelpText('after', examples('aana-store caption list ev-1', 'aana-store caption list ev-1 --model blip2 --format csv --fields frame_id,timestamp,caption'))
    .action(async (id: string, options: CaptionListOptions, command: Command) => (await import('./commands/caption.js')).captionList(await context(command), id, options));
  addBulkCommands(caption, context, 'caption', BULK_FORMATS, async () => {
    const m = await import('./commands/caption-bulk.js');
    return { exportFn: m.captionExport, importFn: m.captionImport };
  });
}
