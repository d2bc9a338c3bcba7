import type { ChunkEvent } from './row-chunks.js';

// The messages between an import's main thread (parse-ahead.ts) and its parsing worker (parse-worker.ts).

/** Messages the worker may have sent that the main thread has not read yet: bounds how far it parses ahead. */
export const AHEAD_MESSAGES = 4;

/** A LineError as it showed itself (see LineError's `shownAlready`). */
export interface ShownLineError {
  line: number;
  field: string;
  reason: string;
}

export type ToWorker =
  /** The next piece of the input, as the source gave it. */
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'end' }
  /** The source failed: the worker stops where it is, as a reader of the source would. */
  | { kind: 'fail' }
  /** The main thread has read one more message. */
  | { kind: 'read' };

export type FromWorker =
  | { kind: 'more' }
  | Exclude<ChunkEvent, { kind: 'invalid' }>
  | { kind: 'invalid'; error: ShownLineError }
  /** The read stopped: at a record (a LineError), because the source failed, or at a bug. */
  | { kind: 'fail'; error?: ShownLineError; source?: true; bug?: { message: string; stack?: string } };
