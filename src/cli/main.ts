import { closeSessions } from '../storage/session.js';
import { run } from './run.js';

// A reader that goes away (`| head -1`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
await closeSessions();
process.exitCode = code;
