import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readError } from './input-text.js';
import type { FromWorker, ShownLineError, ToWorker } from './parse-ahead-messages.js';
import { LineError } from './records.js';
import type { ChunkEvent, ChunkOptions, Parsing } from './row-chunks.js';

/**
 * The worker's file: built beside the bundle (dist/cli) and by tsc (dist/src/storage/bulk). Run
 * from the TypeScript sources (the in-process tests) there is none, and parsing stays on the main thread.
 */
const WORKER = new URL('./parse-worker.js', import.meta.url);

const lineError = (shown: ShownLineError) => new LineError(shown.line, shown.field, shown.reason, true);

/**
 * The chunks of `source` (row-chunks.ts) parsed and validated by a worker thread, ahead of the
 * main thread, which meanwhile writes the chunks before them; undefined where there is no worker
 * file. Events and errors come in input order, as from rowChunks itself: a failing source stops
 * the import with the same error, after the records before the failure. The worker starts at
 * once: it may read while the database is being opened.
 */
export function parsedAhead(source: Readable, options: ChunkOptions, workerFile = WORKER): Parsing | undefined {
  if (!existsSync(fileURLToPath(workerFile))) return undefined;
  return new ParseWorker(source, options, workerFile);
}

class ParseWorker implements Parsing {
  readonly events: AsyncIterable<ChunkEvent>;
  private readonly worker: Worker;
  private readonly inbox: FromWorker[] = [];
  private failure: { error: unknown } | undefined;
  private sourceError: unknown;
  private wake: (() => void) | undefined;
  private finished = false;
  private closed = false;

  constructor(
    private readonly source: Readable,
    readonly options: ChunkOptions,
    workerFile: URL,
  ) {
    this.worker = new Worker(workerFile, { workerData: options });
    const pieces = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    // The worker asks for the input one piece at a time: only the main thread may read the source.
    const feed = async () => {
      try {
        const next = await pieces.next();
        if (next.done) return this.send({ kind: 'end' });
        // A copy of the piece alone (a Buffer may be a view into a larger pool), moved, not copied again.
        const bytes = new Uint8Array(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
        this.worker.postMessage({ kind: 'bytes', bytes } satisfies ToWorker, [bytes.buffer]);
      } catch (error) {
        this.sourceError = error;
        this.send({ kind: 'fail' });
      }
    };
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'more') void feed();
      else {
        this.inbox.push(message);
        this.arrived();
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the import's parsing worker stopped (exit code ${code})`)));
    this.events = { [Symbol.asyncIterator]: () => this.read() };
    // The first piece is on its way before the worker has booted and asked for it.
    void feed();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.worker.removeAllListeners();
    if (!this.finished) this.source.destroy();
    await this.worker.terminate();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private arrived(): void {
    this.wake?.();
    this.wake = undefined;
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    this.arrived();
  }

  private async *read(): AsyncGenerator<ChunkEvent> {
    try {
      for (;;) {
        const message = this.inbox.shift();
        if (!message) {
          if (this.failure) throw this.failure.error;
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        this.send({ kind: 'read' });
        if (message.kind === 'fail') {
          if (message.error) throw lineError(message.error);
          if (message.source) throw readError(this.sourceError);
          const bug = new Error(message.bug?.message);
          bug.stack = message.bug?.stack;
          throw bug;
        }
        if (message.kind === 'invalid') yield { kind: 'invalid', error: lineError(message.error) };
        else yield message as ChunkEvent;
        if (message.kind === 'end') {
          this.finished = true;
          return;
        }
        // The writes between two chunks are synchronous: let the worker's requests for input (and
        // the reads that answer them) through before the next, or it runs dry and waits for us.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await this.close();
    }
  }
}
