import { CommanderError } from 'commander';
import { Chalk } from 'chalk';
import { resolveSettings } from '../config/resolve.js';
import { type DbSettings, redactSecrets } from '../config/settings.js';
import { AanaStoreError, ExitCode, InterruptedError, SilentExit } from '../errors.js';
import { translateStoreError } from '../storage/errors.js';
import { type CliIo, colorLevel } from './context.js';
import { buildProgram } from './program.js';

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/** Settings for redacting an error, if they can be resolved at all. */
function settingsFor(argv: string[], io: CliIo): DbSettings | undefined {
  const flag = (name: string) => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
  };
  try {
    return resolveSettings({ db: flag('--db'), config: flag('--config'), env: io.env, cwd: io.cwd }).settings;
  } catch {
    return undefined;
  }
}

/**
 * Runs the CLI and returns the exit code; the only place that turns errors into messages and codes.
 * `argv` excludes the node executable and script (`['video', 'list']`).
 */
export async function run(argv: string[], given: CliIo): Promise<number> {
  const io: CliIo = { ...given, activity: given.activity ?? { writing: false } };
  const program = buildProgram(io);
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (raw) {
    if (raw instanceof CommanderError) {
      // Help and version exit 0; every parsing error is a usage error.
      return raw.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isBrokenPipe(raw)) return ExitCode.ok;
    if (raw instanceof SilentExit) return raw.exitCode;
    const settings = settingsFor(argv, io);
    // Whatever a command was doing when Ctrl-C came, it stopped because of it.
    const error = io.signal?.aborted ? new InterruptedError({ cause: raw, signal: io.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT', writing: io.activity?.writing }) : translateStoreError(raw, settings);
    const color = new Chalk({ level: colorLevel(io.stderr, io.env, !argv.includes('--no-color')) });
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof AanaStoreError;
    const line = `${color.red('error:')} ${known ? '' : 'unexpected: '}${message.split('\n')[0]}`;
    io.stderr.write(`${redactSecrets(line, settings)}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${redactSecrets(error.stack, settings)}\n`);
    return known ? error.exitCode : ExitCode.runtime;
  }
}
