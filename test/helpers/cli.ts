import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/aana-store.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
}

/** A clean environment: no settings leak in from the developer's shell. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** Runs the built `bin/aana-store` and collects exit code, stdout and stderr separately. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runNode(BIN, args, options);
}

/** Runs a Node script (another CLI, an example program) the same way. */
export function runNode(script: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const started = startNode([script, ...args], options);
  started.child.stdin.end(options.input ?? '');
  return started.exited;
}

export interface Started {
  /** Its stdin is open: write to it, end it, or signal the child. */
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed, once it has exited. */
  exited: Promise<CliResult>;
}

/** Starts a program with piped stdio and collects its output (for tests that feed or signal it). */
export function startProcess(command: string, args: string[], options: Omit<CliOptions, 'input'> = {}): Started {
  const child = spawn(command, args, { env: options.env ?? baseEnv(), cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  const exited = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Starts `node <nodeArgs>` that way. */
export function startNode(nodeArgs: string[], options: Omit<CliOptions, 'input'> = {}): Started {
  return startProcess(process.execPath, nodeArgs, options);
}

/** Starts the built `bin/aana-store` that way. */
export function startCli(args: string[], options: Omit<CliOptions, 'input'> = {}): Started {
  return startNode([BIN, ...args], options);
}

/** A temporary folder removed after the test file. */
export function tempDir(prefix = 'aana-store-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
