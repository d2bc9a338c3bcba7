import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { AanaStoreError, InterruptedError, UsageError, ValidationError } from '../../errors.js';
import { EXTENDED_VIDEO_FIELD_KEYS, type UpdatableKey, type VideoStatus } from '../../storage/entities/video.fields.js';
import { type VideoChanges, VideoRepository } from '../../storage/repositories/video.repository.js';
import { UPDATABLE_FIELDS } from '../../storage/records.js';
import { validateMediaId } from '../../storage/validation.js';
import type { CommandContext } from '../context.js';
import type { WriteFormat } from '../output/format-names.js';
import { writeRecord } from '../output/records.js';
import { VIDEO_RECORD_KEYS } from '../../storage/records.js';

/** `--<field> <value>` for each updatable field, `--unset <field>` (repeatable), `--format`. */
export type VideoUpdateOptions = Partial<Record<UpdatableKey, string>> & {
  /** Seconds (parsed by the option); a plain video becomes an extended video. */
  duration?: number;
  status?: VideoStatus;
  unset?: UpdatableKey[];
  format?: WriteFormat;
};

/** Changes the given fields of one video and moves its updated_at; prints the id (or the record). */
export async function videoUpdate(ctx: CommandContext, id: string, options: VideoUpdateOptions): Promise<void> {
  const changes: VideoChanges = {};
  for (const field of UPDATABLE_FIELDS) if (options[field] !== undefined) changes[field] = options[field];
  if (options.duration !== undefined) changes.duration = options.duration;
  if (options.status !== undefined) changes.status = options.status;
  for (const field of options.unset ?? []) {
    if (changes[field] !== undefined && changes[field] !== null) throw new UsageError(`--unset ${field}: cannot also set --${field}`);
    changes[field] = null;
  }
  if (Object.keys(changes).length === 0) throw new UsageError(`nothing to change: give ${[...UPDATABLE_FIELDS, ...EXTENDED_VIDEO_FIELD_KEYS].map((f) => `--${f}`).join(', ')} or --unset`);
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    const entity = await repo.update(id, changes);
    if (options.format === 'json') await writeRecord(ctx, await repo.recordOf(entity), VIDEO_RECORD_KEYS, { format: 'json' });
    else await ctx.out.write(`${entity.id}\n`);
  }, { write: true });
}

/**
 * `video status ID`: prints an extended video's processing status. `video status ID STATUS`: sets it
 * (updated_at moves, as with `video update`) and prints the id, as `video update` does. A plain video
 * has no status: exit 2, saying how to give it a duration.
 */
export async function videoStatus(ctx: CommandContext, id: string, status: VideoStatus | undefined): Promise<void> {
  if (status !== undefined) {
    await ctx.withEntityManager(async (em) => ctx.out.write(`${(await new VideoRepository(em).update(id, { status })).id}\n`), { write: true });
    return;
  }
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    const record = await repo.recordOf(await repo.read(id));
    if (record.status === null) throw new ValidationError('status', `video ${id} is a plain video and has no status: give it a duration (video update ${id} --duration SECONDS) to make it an extended video`);
    await ctx.out.write(`${record.status}\n`);
  });
}

export interface VideoDeleteOptions {
  yes?: boolean;
  dryRun?: boolean;
}

/** Ids from the arguments; `-` reads more, one per line, from stdin (blank lines are skipped). */
async function collectIds(args: string[], stdin: Readable | undefined): Promise<string[]> {
  const ids: string[] = [];
  for (const arg of args) {
    if (arg !== '-') {
      ids.push(validateMediaId(arg));
      continue;
    }
    if (!stdin) continue;
    let line = 0;
    for await (const text of createInterface({ input: stdin, crlfDelay: Infinity })) {
      line++;
      const id = text.trim();
      if (id !== '') ids.push(validateMediaId(id, `stdin line ${line}: id`));
    }
  }
  return ids;
}

/**
 * Asks on the terminal. readline in terminal mode echoes the answer and ends the line itself, so the
 * next message starts on a line of its own even when the terminal does not echo (`stty -echo`,
 * an answer typed ahead). End of input declines; Ctrl-C interrupts.
 */
async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  const stdin = ctx.io.stdin;
  if (!stdin) return false;
  const lines = createInterface({ input: stdin, output: ctx.io.stderr, terminal: Boolean(stdin.isTTY) });
  let answered = false;
  try {
    return await new Promise<boolean>((resolve, reject) => {
      lines.on('SIGINT', () => reject(new InterruptedError()));
      lines.on('close', () => {
        if (!answered) ctx.io.stderr.write('\n');
        resolve(false);
      });
      lines.question(`${question} [y/N] `, (answer) => {
        answered = true;
        resolve(/^y(es)?$/i.test(answer.trim()));
      });
    });
  } finally {
    answered = true;
    lines.close();
  }
}

/**
 * Deletes videos and their media rows in one transaction. Asks first only when a person is at the
 * terminal (stdin is a TTY) and more than one video would go, so it never waits inside a pipeline.
 */
export async function videoDelete(ctx: CommandContext, args: string[], options: VideoDeleteOptions): Promise<void> {
  const stdin = ctx.io.stdin;
  const fromStdin = args.includes('-');
  const ids = await collectIds(args, stdin);
  // An empty list is a normal outcome in a pipeline (`video list --format ids … | video delete -`).
  if (ids.length === 0) return ctx.info('No ids to delete; nothing deleted');
  await ctx.withEntityManager(async (em) => {
    const repo = new VideoRepository(em);
    const found = await repo.deleteMany(ids, { dryRun: true });
    const what = `${found.length} video${found.length === 1 ? '' : 's'}`;
    if (options.dryRun) {
      for (const id of found) await ctx.out.write(`${id}\n`);
      await ctx.info(`Would delete ${what}; nothing changed`);
      return;
    }
    if (found.length > 1 && stdin?.isTTY && !options.yes) {
      // The ids were typed at the terminal until end of input: nobody is left to answer.
      if (fromStdin) throw new UsageError(`${what} read from the terminal: add --yes to delete them`);
      if (!(await confirm(ctx, `Delete ${what}?`))) throw new AanaStoreError('cancelled; nothing deleted');
    }
    await repo.deleteMany(found);
    await ctx.info(`Deleted ${what}`);
  }, { write: true });
}
