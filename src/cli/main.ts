import { closeSessions } from '../storage/session.js';
import { invalidUtf8Arguments } from './raw-argv.js';
import { run } from './run.js';

// A reader that goes away (`| head -1`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

// Ctrl-C: long commands see the signal, roll back their open transaction and exit 130 through run().
// One blocked where it cannot see it is ended after a grace period: the database discards what was
// not committed when the connection goes. A second Ctrl-C ends it at once.
const interrupt = new AbortController();
const INTERRUPT_GRACE_MS = 3000;
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
  setTimeout(() => {
    process.stderr.write('error: interrupted; the open transaction was rolled back\n');
    process.exit(130);
  }, INTERRUPT_GRACE_MS).unref();
});

const args = process.argv.slice(2);
const code = await run(args, {
  invalidUtf8Args: invalidUtf8Arguments(args),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  signal: interrupt.signal,
});
await closeSessions();
process.exitCode = code;
