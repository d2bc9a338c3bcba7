import type { Readable, Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import { Chalk, type ChalkInstance } from 'chalk';
import { type ResolvedSettings, resolveSettings, type SettingsSources, storeExtensions } from '../config/resolve.js';
import type { DbSettings } from '../config/settings.js';
import { translateStoreError } from '../storage/errors.js';
import { TableNotFoundException } from '@mikro-orm/core';
import { type OrmExtras, openOrm, type StoreEntityManager } from '../storage/orm.js';
import { assertSchemaKnown, explainMissingTable } from '../storage/schema-guard.js';
import { TextSink } from './output/sink.js';

/** Global options every command sees (commander's `optsWithGlobals()`). */
export interface GlobalOptions {
  db?: string;
  config?: string;
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
  /** Aborted on Ctrl-C: long commands stop, roll back and exit 130. */
  signal?: AbortSignal;
}

export interface SessionOptions extends OrmExtras {
  /** The work writes: refuse a schema newer than this version. */
  write?: boolean;
}

/** Colour only on a TTY, and never with NO_COLOR, TERM=dumb or --no-color. */
export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): 0 | 1 {
  if (flag === false || env.NO_COLOR !== undefined || env.TERM === 'dumb') return 0;
  return stream.isTTY ? 1 : 0;
}

/** What a command needs from the outside world: output streams, settings and a database to work on. */
export class CommandContext {
  readonly out: TextSink;
  readonly err: TextSink;
  readonly color: ChalkInstance;
  readonly errColor: ChalkInstance;
  private resolved?: ResolvedSettings;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {
    this.out = new TextSink(io.stdout);
    this.err = new TextSink(io.stderr);
    this.color = new Chalk({ level: colorLevel(io.stdout, io.env, options.color) });
    this.errColor = new Chalk({ level: colorLevel(io.stderr, io.env, options.color) });
  }

  /** Where settings and extensions come from: the global options and the environment. */
  get sources(): SettingsSources {
    return { db: this.options.db, config: this.options.config, env: this.io.env, cwd: this.io.cwd };
  }

  get resolvedSettings(): ResolvedSettings {
    this.resolved ??= resolveSettings(this.sources);
    return this.resolved;
  }

  get settings(): DbSettings {
    return this.resolvedSettings.settings;
  }

  /** A message for people, on stderr; `-q` silences it. */
  async info(message: string): Promise<void> {
    if (!this.options.quiet) await this.err.write(`${message}\n`);
  }

  /** Opens the database, runs `work`, and closes it whatever happens; driver errors come out typed. */
  async withOrm<T>(work: (orm: MikroORM) => Promise<T>, extras: OrmExtras & { create?: boolean } = {}): Promise<T> {
    const settings = this.settings;
    const { entities, migrations } = storeExtensions(this.sources);
    const orm = await openOrm(settings, { ...extras, entities: [...entities, ...(extras.entities ?? [])], extensionMigrations: migrations });
    try {
      return await work(orm);
    } catch (error) {
      throw translateStoreError(error, settings);
    } finally {
      await orm.close();
    }
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
    return this.withOrm(async (orm) => {
      const em = orm.em.fork() as StoreEntityManager;
      const extensionMigrations = storeExtensions(this.sources).migrations.map((m) => m.name);
      if (options.write) await assertSchemaKnown(em, this.settings, extensionMigrations);
      try {
        return await work(em);
      } catch (error) {
        if (error instanceof TableNotFoundException) throw await explainMissingTable(orm.em.fork() as StoreEntityManager, this.settings, extensionMigrations, error);
        throw error;
      }
    }, options);
  }
}
