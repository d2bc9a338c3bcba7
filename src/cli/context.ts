import type { Readable, Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import { Chalk, type ChalkInstance } from 'chalk';
import type { LoadedSettings, SettingsSources } from '../config/resolve.js';
import type { DbSettings } from '../config/settings.js';
import type { OrmExtras, StoreEntityManager } from '../storage/orm.js';
import { TextSink } from './output/sink.js';

/** Global options every command sees (commander's `optsWithGlobals()`). */
export interface GlobalOptions {
  db?: string;
  config?: string;
  replica?: string[];
  verbose?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export interface CliIo {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  /** Where `-` reads from and confirmations are asked; none means no input. */
  stdin?: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C (reason 'SIGINT') or SIGTERM ('SIGTERM'): long commands stop, roll back and exit 130 or 143. */
  signal?: AbortSignal;
  /** Indexes of arguments whose bytes were not valid UTF-8 (see raw-argv.ts): refused, not stored as U+FFFD. */
  invalidUtf8Args?: number[];
  /** Set once the command opens a session that writes, so that an interruption is told truthfully. */
  activity?: { writing: boolean };
}

export interface SessionOptions extends OrmExtras {
  /** The work writes: refuse a schema newer than this version. */
  write?: boolean;
}

export type ColorLevel = 0 | 1 | 2 | 3;

/** FORCE_COLOR as chalk's supports-color reads it: empty or `true` is 1, `false` or 0 is off, else 1–3. */
function forcedColor(value: string | undefined): ColorLevel | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const level = Number.parseInt(value, 10);
  return Number.isNaN(level) ? undefined : (Math.max(0, Math.min(level, 3)) as ColorLevel);
}

/**
 * Colour only on a TTY. `--no-color` always wins; then FORCE_COLOR (0 off, 1–3 on, on a TTY or
 * not); then a non-empty NO_COLOR (no-color.org) or TERM=dumb turn it off.
 */
export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): ColorLevel {
  if (flag === false) return 0;
  const forced = forcedColor(env.FORCE_COLOR);
  if (forced !== undefined) return forced;
  if (env.NO_COLOR || env.TERM === 'dumb') return 0;
  return stream.isTTY ? 1 : 0;
}

/** What a table may take: a terminal's width (COLUMNS when set), and no limit when not on one. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (!stream.isTTY) return Number.POSITIVE_INFINITY;
  const columns = Number(env.COLUMNS);
  // A pseudo-terminal may report 0 columns; that is "unknown", not "no room".
  return Number.isInteger(columns) && columns > 0 ? columns : stream.columns || 80;
}

/** Where a command's settings come from: the global options and the environment. */
export function settingsSources(options: GlobalOptions, io: CliIo): SettingsSources {
  return { db: options.db, config: options.config, replicas: options.replica, env: io.env, cwd: io.cwd };
}

/** Commands that only read: with replicas they read from one (`openForReading`), in one read-only transaction. */
const READ_ONLY_COMMANDS = new Set(['video get', 'video list', 'video export', 'video count', 'video exists', 'video search', 'media list', 'media get', 'transcript get', 'transcript list', 'transcript search', 'transcript export', 'caption list', 'caption export']);

/** What a command needs from the outside world: output streams, settings and a database to work on. */
export class CommandContext {
  readonly out: TextSink;
  readonly err: TextSink;
  readonly color: ChalkInstance;
  readonly errColor: ChalkInstance;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
    /** The command's words (`video list`), which tell whether it only reads. */
    readonly commandPath: string,
    /** The settings, loaded once for the command (see `loadSettings`); none for a command that needs no database. */
    private readonly loaded?: LoadedSettings,
  ) {
    this.out = new TextSink(io.stdout);
    this.err = new TextSink(io.stderr);
    this.color = new Chalk({ level: colorLevel(io.stdout, io.env, options.color) });
    this.errColor = new Chalk({ level: colorLevel(io.stderr, io.env, options.color) });
  }

  get loadedSettings(): LoadedSettings {
    if (!this.loaded) throw new Error(`internal: "${this.commandPath}" was registered as needing no settings`);
    return this.loaded;
  }

  /** Whether the command only reads (it may then read from a replica). */
  get readsOnly(): boolean {
    return READ_ONLY_COMMANDS.has(this.commandPath);
  }

  get settings(): DbSettings {
    return this.loadedSettings.settings;
  }

  /** A message for people, on stderr; `-q` silences it. */
  async info(message: string): Promise<void> {
    if (!this.options.quiet) await this.err.write(`${message}\n`);
  }

  /** Opens the database, runs `work`, and closes it whatever happens; driver errors come out typed. */
  async withOrm<T>(work: (orm: MikroORM) => Promise<T>, extras: OrmExtras & { create?: boolean; write?: boolean } = {}): Promise<T> {
    if (extras.write && this.io.activity) this.io.activity.writing = true;
    return (await import('./database.js')).withOrm(this.loadedSettings, this.readsOnly, this.io, work, extras);
  }

  /** Colour and width for the record writers on stdout. */
  get writerOptions(): { color: ChalkInstance; width: number } {
    return { color: this.color, width: outputWidth(this.io.stdout, this.io.env) };
  }

  get signal(): AbortSignal | undefined {
    return this.io.signal;
  }

  /**
   * As `withOrm`, with a fresh unit of work. A write first checks that this version knows the
   * schema. A SQLite writer is not retried when the database stays locked: its transactions take
   * the write lock first (writeTransaction), so it already waited the whole busy timeout.
   */
  withEntityManager<T>(work: (em: StoreEntityManager) => Promise<T>, options: SessionOptions = {}): Promise<T> {
    return this.withOrm(async (orm) => (await import('./database.js')).inUnitOfWork(orm, this.loadedSettings, work, { write: options.write, readsOnly: this.readsOnly }), options);
  }
}
