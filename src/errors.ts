/** Exit codes every command documents; main.ts is the only place that turns them into a process exit. */
export const ExitCode = {
  ok: 0,
  runtime: 1,
  usage: 2,
  notFound: 3,
  alreadyExists: 4,
  interrupted: 130,
  terminated: 143,
} as const;

/** Longest value, in characters, a message quotes whole. */
const QUOTED_MAX = 80;

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Escapes control characters JSON-style (`\n`, `\u001b`), so that text prints as one inert line. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A user's value as a message shows it: in double quotes, escaped JSON-style, cut to ~80 characters with `…`. */
export function quoted(value: string): string {
  // Whole code points: 2 × (QUOTED_MAX + 1) UTF-16 units hold at least QUOTED_MAX + 1 of them.
  const chars = Array.from(value.slice(0, 2 * QUOTED_MAX + 2));
  const cut = chars.length > QUOTED_MAX ? `${chars.slice(0, QUOTED_MAX).join('')}…` : value;
  return `"${escapeControls(cut.replace(/["\\]/g, '\\$&'))}"`;
}

export class AanaStoreError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.runtime,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad arguments, options or input values (exit 2). */
export class UsageError extends AanaStoreError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** A value that fails validation; `field` names what is at fault. */
export class ValidationError extends UsageError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Ids a message names: the first few, then how many more. */
function quotedIds(ids: string | readonly string[], shown = 5): string {
  const list = typeof ids === 'string' ? [ids] : ids;
  const more = list.length > shown ? ` and ${list.length - shown} more` : '';
  return `${list.slice(0, shown).map(quoted).join(', ')}${more}`;
}

export class NotFoundError extends AanaStoreError {
  constructor(
    readonly table: string,
    readonly id: string | readonly string[],
  ) {
    super(`${table} not found: ${quotedIds(id)}`, ExitCode.notFound);
  }
}

export class MediaIdAlreadyExistsError extends AanaStoreError {
  constructor(
    readonly table: string,
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`${table} already exists: ${quoted(id)}`, ExitCode.alreadyExists, options);
  }
}

/** Media that is not an extended video (a plain video, with no duration) cannot hold transcripts or captions: exit 2. */
export class NotExtendedVideoError extends UsageError {
  constructor(
    readonly mediaId: string,
    readonly mediaType: string,
  ) {
    super(
      mediaType === 'video'
        ? `video ${quoted(mediaId)} has no duration, which a video needs to hold transcripts: give it one with \`aana-store video update ${mediaId} --duration SECONDS\``
        : `media ${quoted(mediaId)} is of type ${quoted(mediaType)}, not a video with a duration`,
    );
  }
}

/** A video has no transcript (by the model, when one is named): exit 3. */
export class TranscriptNotFoundError extends AanaStoreError {
  constructor(
    readonly mediaId: string,
    readonly model?: string,
  ) {
    super(`video ${quoted(mediaId)} has no transcript${model === undefined ? '' : ` by model ${quoted(model)}`}`, ExitCode.notFound);
  }
}

/** One transcript per (video, model): a second one is refused (exit 4) unless it is to replace the first. */
export class TranscriptExistsError extends AanaStoreError {
  constructor(
    readonly mediaId: string,
    readonly model: string,
  ) {
    super(`video ${quoted(mediaId)} already has a transcript by model ${quoted(model)} (--on-conflict update replaces it)`, ExitCode.alreadyExists);
  }
}

/** An outcome told by the exit code alone (`video exists`): nothing is printed. */
export class SilentExit extends AanaStoreError {
  constructor(exitCode: number) {
    super('', exitCode);
  }
}

/** Settings that cannot be used: a malformed spec, config file or DB_CONFIG. */
export class SettingsError extends UsageError {}

/** The database is there but has no aana-store schema yet. */
export class SchemaMissingError extends AanaStoreError {
  constructor(where: string) {
    super(`${where} has no aana-store schema; run \`aana-store init\` first`);
  }
}

/** `1 pending migration (M…); run …`: one wording for doctor, migrate check and every command. */
export function pendingMigrationsText(names: readonly string[]): string {
  return `${names.length} pending migration${names.length === 1 ? '' : 's'} (${names.join(', ')}); run \`aana-store migrate up\``;
}

/** The database has aana-store's schema with migrations still to apply (after `migrate down`, or an upgrade). */
export class PendingMigrationsError extends AanaStoreError {
  constructor(
    where: string,
    readonly pending: string[],
  ) {
    super(`${where} has ${pendingMigrationsText(pending)}`);
  }
}

/** The database cannot be reached or opened. */
export class ConnectionError extends AanaStoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.runtime, options);
  }
}

/**
 * The command was stopped by Ctrl-C (SIGINT, exit 130) or SIGTERM (exit 143). A command that was
 * writing rolled its open transaction back; one that only read says no more than that it stopped.
 */
export class InterruptedError extends AanaStoreError {
  constructor(options: { cause?: unknown; signal?: 'SIGINT' | 'SIGTERM'; writing?: boolean } = {}) {
    const what = options.signal === 'SIGTERM' ? 'terminated' : 'interrupted';
    super(options.writing ? `${what}; the open transaction was rolled back` : what, options.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, options);
  }
}

/** The database was migrated by a newer aana-store: this version must not write to it. */
export class SchemaTooNewError extends AanaStoreError {
  constructor(
    where: string,
    readonly unknownMigrations: string[],
  ) {
    super(`${where} has migrations this version of aana-store does not know (${unknownMigrations.join(', ')}); refusing to write: upgrade aana-store`);
  }
}

/** The database holds tables aana-store would use, in a shape it does not recognise; it will not guess. */
export class SchemaConflictError extends AanaStoreError {
  constructor(message: string) {
    super(message, ExitCode.runtime);
  }
}

/**
 * A stored value this version cannot convert (a `created_at` of '' written by another tool): names
 * the column, and the row once the reader knows it. Exit 1.
 */
export class UnreadableValueError extends AanaStoreError {
  constructor(
    readonly column: string,
    readonly reason: string,
    readonly row?: { table: string; id: string },
  ) {
    super(`${row ? `${row.table} ${row.id}: ` : ''}${column}: ${reason}`, ExitCode.runtime);
  }

  inRow(table: string, id: string): UnreadableValueError {
    return new UnreadableValueError(this.column, this.reason, { table, id });
  }
}
