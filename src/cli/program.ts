import { Argument, Command, Option } from 'commander';
import { type LoadedSettings, loadSettings, type SettingsSources } from '../config/resolve.js';
import { MEDIA_RECORD_KEYS } from '../storage/records.js';
import { afterId, examples, mediaId, positiveInteger } from './arguments.js';
import type { DryRunOptions } from './commands/migrate.js';
import type { MediaListCommandOptions } from './commands/media.js';
import { foldChoices } from './choices.js';
import { SHELLS, type Shell } from './completion.js';
import { addHelpCommands } from './help.js';
import { registerPending, registerSubcommands, type Subcommands } from './lazy-groups.js';
import { CommandContext, type CliIo, type GlobalOptions, settingsSources } from './context.js';
import { addListOutputOptions, addRecordOutputOptions, type RecordOutputOptions } from './options.js';
import { REPORT_FORMATS, type ReportFormat } from './output/format-names.js';
import { registerCaptionCommands, registerTranscriptCommands } from './program-transcript.js';
import { registerVideoCommands } from './program-video.js';
import { packageVersion } from './version.js';

/** Reads the settings for a command; run() records them for its error messages. */
export type SettingsLoader = (sources: SettingsSources) => Promise<LoadedSettings>;

/**
 * Registers every command. Actions import their implementation lazily so start-up loads only what runs;
 * with `lazy` (run()), a group's subcommands are registered only when needed (see lazy-groups.ts).
 */
export function buildProgram(io: CliIo, load: SettingsLoader = loadSettings, { lazy = false } = {}): Command {
  const program = new Command('aana-store');
  // Registered on first need, a group's subcommands are finished as the whole tree is below.
  const subcommands: Subcommands = (group, register) =>
    registerSubcommands(
      group,
      lazy
        ? () => {
            register();
            for (const sub of group.commands) foldChoices(sub);
            addHelpCommands(group);
          }
        : register,
      lazy,
    );
  if (lazy) program.hook('preSubcommand', (_program, sub) => registerPending(sub));
  // Each command that uses the database gets its settings here, read once from the parsed options.
  const context = async (command: Command, { settings = true } = {}) => {
    const path = [command.parent?.parent ? command.parent.name() : undefined, command.name()].filter(Boolean).join(' ');
    const options = command.optsWithGlobals<GlobalOptions>();
    const loaded = settings ? await load(settingsSources(options, io)) : undefined;
    for (const warning of loaded?.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
    return new CommandContext(io, options, path, loaded);
  };

  program
    .description('Manage an Aana media catalog database (SQLite by default, or PostgreSQL).')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--db <spec>', 'database: a SQLite path, sqlite:<path>, a postgresql:// URL or libpq "host=… dbname=…" string (env AANA_STORE_DB; PG* variables and ~/.pgpass fill the rest)')
    .option('--replica <url>', 'a PostgreSQL read replica for read-only commands; repeatable (env AANA_STORE_REPLICAS, comma-separated)', (url: string, list: string[] = []) => [...list, url])
    .option('--config <file>', 'config file: JSON in the Aana DB_CONFIG shape, or a .js/.mjs module that may add entities (env AANA_STORE_CONFIG)')
    .option('-v, --verbose', 'print stack traces with errors')
    .option('-q, --quiet', 'print no progress or status messages')
    .option('--no-color', 'never colour output (also NO_COLOR, TERM=dumb)')
    .helpOption('-h, --help', 'show help')
    .addHelpText(
      'after',
      `${examples('aana-store init', 'ID=$(aana-store video add --url https://example.com/talk.mp4 --title "Talk")', 'aana-store video get "$ID" --format json')}
Exit codes: 0 ok, 1 runtime or database error or a declined confirmation, 2 usage or invalid input, 3 not found, 4 already exists, 130 interrupted (SIGINT), 143 terminated (SIGTERM).`,
    )
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // run() prints parsing errors, as one line like every other error.
      outputError: () => undefined,
    });

  program
    .command('init')
    .description('create the database and apply all migrations (safe to run again)')
    .addHelpText('after', examples('aana-store init', 'aana-store --db catalog.db init'))
    .action(async (_options, command: Command) => (await import('./commands/init.js')).init(await context(command)));

  const migrate = program
    .command('migrate')
    .description('bring the database schema up to date')
    .addHelpText('after', examples('aana-store migrate', 'aana-store migrate --dry-run', 'aana-store migrate status --format json', 'aana-store migrate down'));
  subcommands(migrate, () => {
    migrate
      .command('up', { isDefault: true })
      .description('apply pending migrations (the default)')
      .option('--dry-run', 'print the SQL instead of running it')
      .addHelpText('after', examples('aana-store migrate up --dry-run'))
      .action(async (options: DryRunOptions, command: Command) => (await import('./commands/migrate.js')).migrateUp(await context(command), options));
    migrate
      .command('status')
      .description('list applied and pending migrations')
      .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('text'))
      .addHelpText('after', examples('aana-store migrate status --format json'))
      .action(async (options: { format: ReportFormat }, command: Command) => (await import('./commands/migrate.js')).migrateStatus(await context(command), options));
    migrate
      .command('down')
      .description('revert the last applied migration')
      .option('--dry-run', 'print the SQL instead of running it')
      .addHelpText('after', examples('aana-store migrate down --dry-run'))
      .action(async (options: DryRunOptions, command: Command) => (await import('./commands/migrate.js')).migrateDown(await context(command), options));
    migrate
      .command('check')
      .description('exit 1 when migrations are pending or the entities differ from the migrations (for CI)')
      .addHelpText('after', examples('aana-store migrate check || exit 1'))
      .action(async (_options, command: Command) => (await import('./commands/migrate-check.js')).migrateCheck(await context(command)));
  });

  registerVideoCommands(program, context, subcommands);
  registerTranscriptCommands(program, context, subcommands);
  registerCaptionCommands(program, context, subcommands);

  const media = program
    .command('media')
    .description('read media rows of every type')
    .addHelpText('after', examples('aana-store media list --type video --fields id,media_type', 'aana-store media get "$ID" --format json'));
  subcommands(media, () => {
    const mediaList = media
      .command('list')
      .description('list media rows of every type, oldest first')
      .option('--type <media_type>', 'only rows of this media_type')
      .option('--limit <n>', 'at most n rows', positiveInteger)
      .option('--after <id>', 'start after this media row (keyset paging)', afterId);
    addListOutputOptions(mediaList, MEDIA_RECORD_KEYS)
      .addHelpText('after', examples('aana-store media list --limit 20', 'aana-store media list --type video --format ids', 'aana-store media list --format csv --fields id,media_type'))
      .action(async (options: MediaListCommandOptions, command: Command) => (await import('./commands/media.js')).mediaList(await context(command), options));
    addRecordOutputOptions(media.command('get').description('print one media row').argument('<id>', 'media id', mediaId), MEDIA_RECORD_KEYS)
      .addHelpText('after', examples('aana-store media get "$ID"', 'aana-store media get "$ID" --format json'))
      .action(async (id: string, options: RecordOutputOptions, command: Command) => (await import('./commands/media.js')).mediaGet(await context(command), id, options));
  });

  program
    .command('config')
    .description('show the resolved settings and where each came from (the password is never shown)')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('text'))
    .addHelpText('after', examples('aana-store config', 'aana-store --db postgresql://me:secret@db:5432/catalog config --format json'))
    .action(async (options: { format: ReportFormat }, command: Command) => (await import('./commands/config.js')).configCommand(await context(command), options));

  program
    .command('doctor')
    .description('connect and report driver, versions, migrations, row counts; exit 1 naming what is wrong')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('text'))
    .addHelpText('after', examples('aana-store doctor', 'aana-store doctor --format json | jq .pending_migrations'))
    .action(async (options: { format: ReportFormat }, command: Command) => (await import('./commands/doctor.js')).doctor(await context(command), options));

  program
    .command('completion')
    .description('print a shell completion script (commands, options and their values)')
    .addArgument(new Argument('<shell>', 'the shell').choices([...SHELLS]))
    .addHelpText('after', examples('source <(aana-store completion bash)', 'aana-store completion fish > ~/.config/fish/completions/aana-store.fish'))
    .action(async (shell: Shell, _options, command: Command) => {
      registerPending(program);
      return (await import('./commands/completion.js')).completion(await context(command, { settings: false }), program, shell);
    });

  foldChoices(program);
  addHelpCommands(program);
  return program;
}
