import { PassThrough, Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import type { CliResult } from './cli.js';
import { baseEnv } from './cli.js';

export interface InProcessOptions {
  /** What `-` reads (a stream to feed it while the command runs); none means an empty stdin. */
  input?: string | Buffer | Readable;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Pretend stdout and stderr are a terminal of this many columns (colour, tables, progress). */
  tty?: { columns: number };
  signal?: AbortSignal;
}

type Capture = PassThrough & { isTTY?: boolean; columns?: number };

function capture(tty: InProcessOptions['tty']): { stream: Capture; text: () => string } {
  const stream: Capture = new PassThrough();
  if (tty) Object.assign(stream, { isTTY: true, columns: tty.columns });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs the CLI in this process through `run(argv, io)`, with in-memory streams: the fast way to test
 * what needs no real process (parsing, usage errors, formats, settings, validation).
 */
export async function runInProcess(argv: string[], options: InProcessOptions = {}): Promise<CliResult> {
  const stdout = capture(options.tty);
  const stderr = capture(options.tty);
  const { input } = options;
  const stdin = input instanceof Readable ? input : Readable.from(input === undefined ? [] : [Buffer.from(input)]);
  const code = await run(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env: options.env ?? baseEnv(),
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal,
  });
  stdout.stream.end();
  stderr.stream.end();
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}
