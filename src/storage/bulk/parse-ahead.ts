import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readError } from './input-text.js';
import type { FromWorker, ShownLineError, ToWorker } from './parse-ahead-messages.js';
import { LineError } from './records.js';
import type { ChunkEvent, ChunkOptions } from './row-chunks.js';

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
 * the import with the same error, after the records before the failure.
 */
export function parsedAhead(source: Readable, options: ChunkOptions, workerFile = WORKER): AsyncGenerator<ChunkEvent> | undefined {
  if (!existsSync(fileURLToPath(workerFile))) return undefined;
  return parse(source, options, workerFile);
}

async function* parse(source: Readable, options: ChunkOptions, workerFile: URL): AsyncGenerator<ChunkEvent> {
  const worker = new Worker(workerFile, { workerData: options });
  const pieces = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const inbox: FromWorker[] = [];
  let failure: { error: unknown } | undefined;
  let sourceError: unknown;
  let wake: (() => void) | undefined;
  const arrived = () => {
    wake?.();
    wake = undefined;
  };
  const send = (message: ToWorker) => worker.postMessage(message);
  // The worker asks for the input one piece at a time: only the main thread may read the source.
  const feed = async () => {
    try {
      const next = await pieces.next();
      if (next.done) return send({ kind: 'end' });
      // A copy of the piece alone (a Buffer may be a view into a larger pool), moved, not copied again.
      const bytes = new Uint8Array(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
      worker.postMessage({ kind: 'bytes', bytes } satisfies ToWorker, [bytes.buffer]);
    } catch (error) {
      sourceError = error;
      send({ kind: 'fail' });
    }
  };
  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'more') void feed();
    else {
      inbox.push(message);
      arrived();
    }
  });
  worker.on('error', (error) => {
    failure ??= { error };
    arrived();
  });
  worker.on('exit', (code) => {
    failure ??= { error: new Error(`the import's parsing worker stopped (exit code ${code})`) };
    arrived();
  });
  let finished = false;
  try {
    for (;;) {
      const message = inbox.shift();
      if (!message) {
        if (failure) throw failure.error;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      send({ kind: 'read' });
      if (message.kind === 'fail') {
        if (message.error) throw lineError(message.error);
        if (message.source) throw readError(sourceError);
        const bug = new Error(message.bug?.message);
        bug.stack = message.bug?.stack;
        throw bug;
      }
      if (message.kind === 'invalid') yield { kind: 'invalid', error: lineError(message.error) };
      else yield message as ChunkEvent;
      if (message.kind === 'end') {
        finished = true;
        return;
      }
    }
  } finally {
    worker.removeAllListeners();
    if (!finished) source.destroy();
    await worker.terminate();
  }
}
