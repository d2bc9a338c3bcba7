import { type Command, CommanderError } from 'commander';
import { Chalk } from 'chalk';
import { type LoadedSettings, loadSettings } from '../config/resolve.js';
import { redactSecrets } from '../config/settings.js';
import { AanaStoreError, escapeControls, ExitCode, InterruptedError, SilentExit, UsageError } from '../errors.js';
import { importLibraryCli, libraryCliFor } from './bundle.js';
import { type CliIo, colorLevel, type GlobalOptions, settingsSources } from './context.js';
import { buildProgram } from './program.js';
import { argumentName, verboseRequested } from './raw-argv.js';
import { unknownCommandMessage } from './suggest.js';

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/** Thrown to run the command with the library's modules instead of the bundle's (see bundle.ts). */
class HandOff extends Error {
  constructor(readonly url: string) {
    super('handed over to the library CLI');
  }
}

/**
 * Calls `onDispatch` with each command commander hands the arguments on to, down to the one that runs:
 * each is hooked as it is reached, as a group's subcommands may be registered only then.
 */
function trackDispatch(command: Command, onDispatch: (command: Command) => void): void {
  command.hook('preSubcommand', (_parent, sub) => {
    onDispatch(sub);
    trackDispatch(sub, onDispatch);
  });
}

/** A commander parsing error as one line, in the words of our own: `error:` is added when printed. */
function commanderMessage(error: CommanderError, command: Command): string {
  if (error.code === 'commander.unknownCommand') return unknownCommandMessage(command.args[0] ?? '', command.commands.map((sub) => sub.name()));
  return error.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, '; did you mean $1?');
}

/** Frames of an error's stack (and its causes'), without the message lines `error:` already printed. */
function stackFrames(error: Error): string {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const cause = error.cause instanceof Error ? `\ncaused by ${error.cause.name}: ${escapeControls(error.cause.message)}\n${stackFrames(error.cause)}` : '';
  return `${frames.join('\n')}${cause}`;
}

/**
 * Runs the CLI and returns the exit code; the only place that turns errors into messages and codes.
 * `argv` excludes the node executable and script (`['video', 'list']`).
 */
export async function run(argv: string[], given: CliIo): Promise<number> {
  // Not copied when it has its activity: a copy would read start.ts's lazy stdin.
  const io: CliIo = given.activity ? given : { ...given, activity: { writing: false } };
  // The settings the command loaded, for naming the database in an error message.
  let loaded: LoadedSettings | undefined;
  const program = buildProgram(io, async (sources) => (loaded = await loadSettings(sources)), { lazy: true });
  program.hook('preAction', (_program, action) => {
    const library = libraryCliFor(settingsSources(action.optsWithGlobals<GlobalOptions>(), io));
    if (library) throw new HandOff(library);
  });
  const verbose = verboseRequested(argv);
  // The command being parsed, for commander's messages about it.
  let command: Command = program;
  trackDispatch(program, (sub) => (command = sub));
  const color = new Chalk({ level: colorLevel(io.stderr, io.env, !argv.includes('--no-color')) });
  try {
    const invalid = io.invalidUtf8Args?.[0];
    if (invalid !== undefined) throw new UsageError(`${argumentName(argv, invalid)}: the argument is not valid UTF-8; aana-store stores text as given, so it refuses what it cannot read`);
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (raw) {
    if (raw instanceof HandOff) return (await importLibraryCli(raw.url)).run(argv, given);
    // Help and version exit 0; `aana-store video` alone printed its help on stderr: a usage error.
    if (raw instanceof CommanderError && (raw.exitCode === 0 || raw.code === 'commander.help')) return raw.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (isBrokenPipe(raw)) return ExitCode.ok;
    if (raw instanceof SilentExit) return raw.exitCode;
    // Whatever a command was doing when Ctrl-C came, it stopped because of it.
    const error = raw instanceof CommanderError
      ? new AanaStoreError(commanderMessage(raw, command), ExitCode.usage)
      : io.signal?.aborted
        ? new InterruptedError({ cause: raw, signal: io.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT', writing: io.activity?.writing })
        : raw instanceof AanaStoreError
          ? raw
          : (await import('../storage/errors.js')).translateStoreError(raw, loaded?.settings);
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof AanaStoreError;
    // One line whatever the message holds: a newline in an echoed value must neither split nor cut it.
    const line = `${color.red('error:')} ${known ? '' : 'unexpected: '}${escapeControls(message)}`;
    io.stderr.write(`${redactSecrets(line)}\n`);
    if (verbose && error instanceof Error) io.stderr.write(`${redactSecrets(stackFrames(error))}\n`);
    return known ? error.exitCode : ExitCode.runtime;
  }
}
