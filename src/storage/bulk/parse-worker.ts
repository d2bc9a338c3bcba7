import { parentPort, workerData } from 'node:worker_threads';
import { LineError } from './records.js';
import { type ChunkOptions, rowChunks } from './row-chunks.js';
import { AHEAD_MESSAGES, type FromWorker, type ShownLineError, type ToWorker } from './parse-ahead-messages.js';

// The parsing worker of an import (parse-ahead.ts starts it): reads the input the main thread hands
// it, validates the records and cuts the chunks (row-chunks.ts), while the main thread writes the
// chunks before them with the synchronous SQLite driver. It asks for input one piece at a time
// and stops when AHEAD_MESSAGES of its messages wait unread, so memory stays bounded.

if (!parentPort) throw new Error('parse-worker.js runs as a worker thread');
const port = parentPort;

let asked = false;
let unread = 0;
let read: (() => void) | undefined;

/** Input held ahead (the main thread answers requests between its writes): a few pieces of the source. */
const INPUT_AHEAD = 4 * 1024 * 1024;

// The input as the main thread hands it over, piece by piece. Not a Readable: reading one joins
// every piece that waits in it into a new buffer, and copying 100,000 records' 45 MB into fresh
// memory cost ~0.15 s of this thread.
const waiting: Buffer[] = [];
let waitingBytes = 0;
let ended = false;
let failure: Error | undefined;
let arrived: (() => void) | undefined;

function askIfLow(): void {
  if (asked || ended || failure || waitingBytes >= INPUT_AHEAD) return;
  asked = true;
  port.postMessage({ kind: 'more' } satisfies FromWorker);
}

function wake(): void {
  arrived?.();
  arrived = undefined;
}

/** The pieces in order; the source's failure ends them at once, as a destroyed stream's reader stops. */
async function* input(): AsyncGenerator<Buffer> {
  for (;;) {
    if (failure) throw failure;
    const piece = waiting.shift();
    if (piece) {
      waitingBytes -= piece.length;
      askIfLow();
      yield piece;
    } else if (ended) return;
    else {
      askIfLow();
      await new Promise<void>((resolve) => (arrived = resolve));
    }
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'bytes') {
    asked = false;
    waiting.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
    waitingBytes += message.bytes.byteLength;
    askIfLow();
    wake();
  } else if (message.kind === 'end') {
    ended = true;
    wake();
  } else if (message.kind === 'fail') {
    failure = new Error('the input failed');
    waiting.length = 0;
    wake();
  } else if (message.kind === 'read') {
    unread--;
    read?.();
  }
});

function post(message: FromWorker): Promise<void> | undefined {
  port.postMessage(message);
  if (++unread < AHEAD_MESSAGES) return undefined;
  return new Promise((resolve) => {
    read = () => {
      if (unread >= AHEAD_MESSAGES) return;
      read = undefined;
      resolve();
    };
  });
}

const shown = (error: LineError): ShownLineError => ({ line: error.line, field: error.field, reason: error.reason });

try {
  for await (const event of rowChunks(input(), workerData as ChunkOptions)) await post(event.kind === 'invalid' ? { kind: 'invalid', error: shown(event.error) } : event);
} catch (error) {
  if (error instanceof LineError) port.postMessage({ kind: 'fail', error: shown(error) } satisfies FromWorker);
  else if (failure) port.postMessage({ kind: 'fail', source: true } satisfies FromWorker);
  else port.postMessage({ kind: 'fail', bug: { message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } } satisfies FromWorker);
}
