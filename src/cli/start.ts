// The process around run(): streams, signals and the exit code (main.ts loads it; in the bundle,
// bundle-main.ts). No top-level await: the bundle builds it as CommonJS.
import { InterruptedError } from '../errors.js';
import { invalidUtf8Arguments } from './raw-argv.js';
import { run } from './run.js';

// A reader that goes away (`| head -1`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

// Ctrl-C and SIGTERM: long commands see the signal, roll back their open transaction and exit 130
// (143) through run(). One blocked where it cannot see it is ended after a grace period: the
// database discards what was not committed when the connection goes. A second signal ends it at once.
const interrupt = new AbortController();
const activity = { writing: false };
const INTERRUPT_GRACE_MS = 3000;
function stop(signal: 'SIGINT' | 'SIGTERM'): void {
  const error = () => new InterruptedError({ signal, writing: activity.writing });
  interrupt.abort(signal);
  for (const again of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(again);
    process.once(again, () => process.exit(error().exitCode));
  }
  setTimeout(() => {
    process.stderr.write(`error: ${error().message}\n`);
    process.exit(error().exitCode);
  }, INTERRUPT_GRACE_MS).unref();
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

const args = process.argv.slice(2);
void run(args, {
  invalidUtf8Args: invalidUtf8Arguments(args),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  // Read by the commands that take input only: process.stdin on a file or /dev/null is a file
  // stream, whose first creation loads fs/promises and readline (~2 ms).
  get stdin() {
    return process.stdin;
  },
  signal: interrupt.signal,
  activity,
}).then((code) => {
  process.exitCode = code;
  // The command is done. Node would exit once its event loop is empty, after running first the
  // garbage collection V8 scheduled for idle time (~2–4 ms of a cold command). Exit now when nothing
  // but the standard streams is left and they hold no output still to write; else as Node would.
  const idle = process.getActiveResourcesInfo().every((resource) => resource === 'PipeWrap' || resource === 'TTYWrap');
  if (idle && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
});
