import { Readable } from 'node:stream';
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
let sourceFailed = false;
let unread = 0;
let read: (() => void) | undefined;

/** Input held ahead (the main thread answers requests between its writes): a few pieces of the source. */
const INPUT_AHEAD = 4 * 1024 * 1024;

const input = new Readable({
  highWaterMark: INPUT_AHEAD,
  read() {
    if (asked) return;
    asked = true;
    port.postMessage({ kind: 'more' } satisfies FromWorker);
  },
});

port.on('message', (message: ToWorker) => {
  if (message.kind === 'bytes') {
    asked = false;
    input.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
  } else if (message.kind === 'end') input.push(null);
  else if (message.kind === 'fail') {
    sourceFailed = true;
    input.destroy(new Error('the input failed'));
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
  for await (const event of rowChunks(input, workerData as ChunkOptions)) await post(event.kind === 'invalid' ? { kind: 'invalid', error: shown(event.error) } : event);
} catch (error) {
  if (error instanceof LineError) port.postMessage({ kind: 'fail', error: shown(error) } satisfies FromWorker);
  else if (sourceFailed) port.postMessage({ kind: 'fail', source: true } satisfies FromWorker);
  else port.postMessage({ kind: 'fail', bug: { message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } } satisfies FromWorker);
}
