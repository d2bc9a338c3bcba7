import { Argument, type Command, Option } from 'commander';
import { CLI_ORDER, VIDEO_FIELDS, VIDEO_STATUSES, type VideoStatus } from '../storage/entities/video.fields.js';
import { MAX_RECORD_CHARS } from '../storage/bulk/limits.js';
import { BULK_FORMATS } from '../storage/bulk/formats.js';
import { UPDATABLE_FIELDS, VIDEO_RECORD_KEYS } from '../storage/records.js';
import { afterId, examples, mediaId, positiveInteger } from './arguments.js';
import type { VideoAddOptions } from './commands/video.js';
import type { VideoListOptions } from './commands/video-read.js';
import type { ExportOptions } from './commands/video-export.js';
import type { VideoImportOptions } from './commands/video-import.js';
import type { VideoDeleteOptions, VideoUpdateOptions } from './commands/video-edit.js';
import type { VideoSearchOptions } from './commands/video-find.js';
import type { CommandContext } from './context.js';
import type { Subcommands } from './lazy-groups.js';
import {
  addExtendedFieldOptions,
  addListOutputOptions,
  addRecordOutputOptions,
  addVideoFilterOptions,
  conflictOption,
  csvSafeOption,
  type RecordOutputOptions,
  repeatableChoice,
  sortOption,
  type VideoFilterOptions,
} from './options.js';
import { WRITE_FORMATS } from './output/format-names.js';
import { VIDEO_SEARCH_KEYS } from '../storage/search/matched.js';

/** The command's context, with its settings loaded once (see buildProgram). */
export type ContextOf = (command: Command, options?: { settings?: boolean }) => Promise<CommandContext>;

/** Registers `video …`: each action imports its implementation lazily. */
export function registerVideoCommands(program: Command, context: ContextOf, subcommands: Subcommands): void {
  const video = program
    .command('video')
    .description('add, find, change and delete videos')
    .addHelpText('after', examples('aana-store video add --url https://example.com/talk.mp4 --title "Talk"', 'aana-store video list --title talk --format json', 'aana-store help video list'));
  subcommands(video, () => registerVideoSubcommands(video, context));
}

/** `video add|get|list|import|export|count|exists|search|update|status|delete`. */
function registerVideoSubcommands(video: Command, context: ContextOf): void {
  const videoAdd = video.command('add').description('add a video (needs --url or --path) and print its media id');
  for (const field of VIDEO_FIELDS) videoAdd.option(`--${field.key} <${field.cli.value}>`, field.cli.add);
  addExtendedFieldOptions(videoAdd, 'add')
    .option('--id <id>', 'media id: 1-36 characters of [A-Za-z0-9_-] (default: a random UUID)')
    .addOption(new Option('--format <format>', 'print the id alone, or the whole record as JSON').choices([...WRITE_FORMATS]).default('id'))
    .addOption(conflictOption())
    .addHelpText(
      'after',
      examples('ID=$(aana-store video add --url https://example.com/talk.mp4 --title "Talk")', 'aana-store video add --path /data/a.mp4 --id a1 --format json', 'aana-store video add --id a1 --path /data/a.mp4 --title "New" --on-conflict update', 'aana-store video add --path /data/b.mp4 --duration 5400.5 --status running'),
    )
    .action(async (options: VideoAddOptions, command: Command) => (await import('./commands/video.js')).videoAdd(await context(command), options));
  const videoGet = video
    .command('get')
    .description('print one video')
    .argument('<id>', 'media id', mediaId);
  addRecordOutputOptions(videoGet, VIDEO_RECORD_KEYS)
    .addHelpText('after', examples('aana-store video get "$ID"', 'aana-store video get "$ID" --format json | jq .title', 'aana-store video get "$ID" --format tsv --fields id,title'))
    .action(async (id: string, options: RecordOutputOptions, command: Command) => (await import('./commands/video-read.js')).videoGet(await context(command), id, options));
  const videoList = video.command('list').description('list videos, oldest first or by --sort (streams every row unless --limit)');
  addVideoFilterOptions(videoList)
    .addOption(sortOption())
    .option('--limit <n>', 'at most n videos', positiveInteger)
    .option('--after <id>', 'start after this video in the chosen order (keyset paging)', afterId);
  addListOutputOptions(videoList, VIDEO_RECORD_KEYS)
    .addHelpText(
      'after',
      examples(
        'aana-store video list --limit 20',
        'aana-store video list --title talk --since 7d --sort updated_at:desc',
        'aana-store video list --url "https://example.com/*" --format csv --fields id,url',
        'aana-store video list --format ndjson > catalog.ndjson',
        'aana-store video list --format ids -0 | xargs -0 -n1 echo',
      ),
    )
    .action(async (options: VideoListOptions, command: Command) => (await import('./commands/video-read.js')).videoList(await context(command), options));
  video
    .command('import')
    .description('import videos from NDJSON, CSV or a JSON array, streamed (FILE or - for stdin)')
    .argument('[file]', 'input file, or - for stdin (the default)')
    .addOption(new Option('--format <format>', 'input format (default: from the extension; ndjson for stdin)').choices([...BULK_FORMATS]))
    .addOption(conflictOption())
    .option('--batch-size <n>', 'commit every n records instead of once at the end', positiveInteger)
    .option('--skip-invalid', 'report and count invalid records on stderr instead of stopping')
    .addOption(new Option('--report <format>', 'print the summary on stdout').choices(['json']))
    .addHelpText('after', `\nInput must be UTF-8; one record (line, CSV record or array element) may have at most ${MAX_RECORD_CHARS} characters (4 MiB).\n${examples('aana-store video import catalog.ndjson', 'aana-store --db old.db video export | aana-store --db new.db video import - --on-conflict update', 'aana-store video import videos.csv --on-conflict skip --batch-size 10000', 'aana-store video import <(zcat catalog.ndjson.gz)')}`)
    .action(async (file: string | undefined, options: VideoImportOptions, command: Command) => (await import('./commands/video-import.js')).videoImport(await context(command), file, options));
  video
    .command('export')
    .description('export every video with its timestamps, streamed (FILE or - for stdout)')
    .argument('[file]', 'output file, or - for stdout (the default)')
    .addOption(new Option('--format <format>', 'output format (default: from the extension; ndjson for stdout)').choices([...BULK_FORMATS]))
    .addOption(csvSafeOption())
    .addHelpText('after', examples('aana-store video export > catalog.ndjson', 'aana-store video export catalog.csv', 'aana-store --db old.db video export | aana-store --db new.db video import - --on-conflict update'))
    .action(async (file: string | undefined, options: ExportOptions, command: Command) => (await import('./commands/video-export.js')).videoExport(await context(command), file, options));

  addVideoFilterOptions(video.command('count').description('print how many videos match the filters (the number alone)'))
    .addHelpText('after', examples('aana-store video count', 'aana-store video count --title talk --since 2026-01-01'))
    .action(async (options: VideoFilterOptions, command: Command) => (await import('./commands/video-find.js')).videoCount(await context(command), options));

  video
    .command('exists')
    .description('exit 0 when the video exists and 3 when not, printing nothing')
    .argument('<id>', 'media id', mediaId)
    .addHelpText('after', examples('aana-store video exists "$ID" && echo present'))
    .action(async (id: string, _options, command: Command) => (await import('./commands/video-find.js')).videoExists(await context(command), id));

  const videoSearch = video
    .command('search')
    .description('full-text search over title, description, transcripts and captions, best match first, saying where (matched)')
    .argument('<words...>', 'words every match holds (in its title and description, in one transcript segment, or in one caption)')
    .option('--limit <n>', 'at most n videos (default 1000)', positiveInteger);
  addListOutputOptions(videoSearch, VIDEO_SEARCH_KEYS)
    .addHelpText('after', examples('aana-store video search keynote 2026', 'aana-store video search cats --limit 5 --format ids', 'aana-store video search "climate change" --fields id,title,matched'))
    .action(async (words: string[], options: VideoSearchOptions, command: Command) => (await import('./commands/video-find.js')).videoSearch(await context(command), words, options));

  const videoUpdate = video.command('update').description("change a video's fields (updated_at moves) and print its id").argument('<id>', 'media id', mediaId);
  for (const field of CLI_ORDER) if (field.updatable) videoUpdate.option(`--${field.key} <${field.cli.value}>`, field.cli.update);
  addExtendedFieldOptions(videoUpdate, 'update')
    .addOption(repeatableChoice('--unset <field>', `clear a field (${UPDATABLE_FIELDS.join(', ')}); repeatable`, UPDATABLE_FIELDS))
    .addOption(new Option('--format <format>', 'print the id alone, or the whole record as JSON').choices([...WRITE_FORMATS]).default('id'))
    .addHelpText(
      'after',
      `${examples('aana-store video update "$ID" --title "Better title"', 'aana-store video update "$ID" --unset description --format json', 'aana-store video update "$ID" --duration 93.5')}
A duration cannot be unset: an extended video keeps one (Aana's duration is NOT NULL).
`,
    )
    .action(async (id: string, options: VideoUpdateOptions, command: Command) => (await import('./commands/video-edit.js')).videoUpdate(await context(command), id, options));

  video
    .command('status')
    .description("print an extended video's processing status, or set it and print the id")
    .argument('<id>', 'media id', mediaId)
    .addArgument(new Argument('[status]', 'the new status').choices(VIDEO_STATUSES))
    .addHelpText(
      'after',
      `${examples('aana-store video status "$ID"', 'aana-store video status "$ID" running')}
Only an extended video (one with a duration) has a status; a plain video exits 2 (give it one with
video update ID --duration SECONDS). Setting it moves updated_at, as video update does.
`,
    )
    .action(async (id: string, status: VideoStatus | undefined, _options, command: Command) => (await import('./commands/video-edit.js')).videoStatus(await context(command), id, status));

  video
    .command('delete')
    .description('delete videos with their media rows, in one transaction')
    .argument('<ids...>', 'media ids; - reads more from stdin, one per line')
    .option('-y, --yes', 'do not ask, even at a terminal')
    .option('-n, --dry-run', 'print the ids that would be deleted and change nothing')
    .addHelpText(
      'after',
      `${examples('aana-store video delete "$ID"', 'aana-store video list --path "/tmp/*" --format ids | aana-store video delete -', 'aana-store video delete "$ID" --dry-run')}
Asks for confirmation only when stdin is a terminal and more than one video would go; declining
exits 1 (error: cancelled; nothing deleted). No ids (an empty list from a pipeline) exits 0.
`,
    )
    .action(async (ids: string[], options: VideoDeleteOptions, command: Command) => (await import('./commands/video-edit.js')).videoDelete(await context(command), ids, options));
}
