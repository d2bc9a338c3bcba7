import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

/** Every command path of the program (`[]` is the program itself), help commands aside. */
function commandPaths(): string[][] {
  const program = buildProgram({ stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() });
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    paths.push(path);
    for (const sub of command.commands) if (sub.name() !== 'help') walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return paths;
}

/** Runs a shell line (the event loop stays free for the test runner). */
function bash(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', line], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** The `$ …` lines of a help text's Examples section. */
const examplesOf = (help: string) => [...(help.split('\nExamples:\n')[1] ?? '').matchAll(/^ {2}\$ (.+)$/gm)].map((match) => match[1]);

const dir = tempDir();
const template = join(dir.path, 'template');
const bin = join(dir.path, 'bin');
const ID = 'talk-1';
const WHISPER = join(import.meta.dirname, '../fixtures/transcripts/whisper-output.json');

/**
 * A copy of a catalog: the database file and its write-ahead log, which holds what the last commands
 * wrote until SQLite checkpoints it (at a command's exit only when its statements were already
 * garbage-collected).
 */
function copyCatalog(from: string, to: string): void {
  cpSync(from, to);
  if (existsSync(`${from}-wal`)) cpSync(`${from}-wal`, `${to}-wal`);
}

beforeAll(async () => {
  // A working folder holding what the examples name: the catalog (AANA_STORE_DB), old.db and new.db,
  // files to import, and a fish completions folder under HOME.
  mkdirSync(join(template, 'home', '.config', 'fish', 'completions'), { recursive: true });
  const db = join(template, 'store.db');
  const cli = (...args: string[]) => runCli(['--db', db, ...args]);
  expect((await cli('init')).code).toBe(0);
  // $ID has a duration (so a status) and a transcript by whisper-large, as the transcript examples expect.
  expect((await cli('video', 'add', '--id', ID, '--url', 'https://example.com/talk.mp4', '--title', 'Keynote talk', '--description', 'the 2026 keynote', '--duration', '1834.5'))).toMatchObject({ code: 0 });
  writeFileSync(join(template, 'whisper.json'), readFileSync(WHISPER));
  writeFileSync(join(template, 'talk.srt'), '1\n00:00:00,500 --> 00:00:02,250\nthe 2026 keynote\n');
  expect((await cli('video', 'add', '--id', 'clip-2', '--path', '/tmp/clip.mp4', '--title', 'Cats'))).toMatchObject({ code: 0 });
  // ev-1, a video with a duration, holds the transcript and caption examples' rows. new.db has the
  // same videos without transcripts, as after copying the videos first.
  expect((await cli('video', 'add', '--id', 'ev-1', '--path', '/videos/ev-1.mp4', '--duration', '60'))).toMatchObject({ code: 0 });
  copyCatalog(db, join(template, 'new.db'));
  expect((await cli('transcript', 'add', ID, '--model', 'whisper-large', join(template, 'whisper.json')))).toMatchObject({ code: 0 });
  copyCatalog(db, join(template, 'old.db'));
  writeFileSync(join(template, 'captions.csv'), 'frame_id,timestamp,caption\n0,0,a cat\n1,0.5,"a cat, sleeping"\n');
  writeFileSync(join(template, 'more.ndjson'), '{"frame_id":2,"timestamp":1,"caption":"a dog"}\n');
  writeFileSync(join(template, 'captions.ndjson'), '{"media_id":"ev-1","model":"llava","frame_id":0,"timestamp":0,"caption":"a cat"}\n');
  writeFileSync(join(template, 'transcripts.ndjson'), `${JSON.stringify({ media_id: 'ev-1', model: 'whisper', transcript: 'hello', segments: [], language: 'en', language_confidence: 0.9 })}\n`);
  writeFileSync(join(template, 'catalog.ndjson'), '{"id":"n1","url":"https://example.com/n1.mp4"}\n');
  writeFileSync(join(template, 'videos.csv'), `id,path\n${ID},/elsewhere.mp4\nc1,/c1.mp4\n`);
  // `aana-store` on PATH is the shipped binary.
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'aana-store'));
});
afterAll(() => dir.cleanup());

describe('every example in every --help runs', () => {
  it('each command shows examples', async () => {
    const missing: string[] = [];
    for (const path of commandPaths()) {
      const help = await runInProcess([...path, '--help']);
      expect(help.code).toBe(0);
      if (examplesOf(help.stdout).length === 0) missing.push(path.join(' ') || '(aana-store)');
    }
    expect(missing).toEqual([]);
  });

  it('each example exits 0 without an error, on a fresh copy of a catalog with a couple of videos', async () => {
    const examples = new Set<string>();
    for (const path of commandPaths()) for (const example of examplesOf((await runInProcess([...path, '--help'])).stdout)) examples.add(example);
    expect(examples.size).toBeGreaterThan(20);
    const failures: string[] = [];
    const queue = [...examples].map((example, n) => ({ example, cwd: join(dir.path, `run-${n}`) }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { example, cwd } = next;
        cpSync(template, cwd, { recursive: true });
        const env = baseEnv({ PATH: `${bin}:${process.env.PATH}`, HOME: join(cwd, 'home'), AANA_STORE_DB: join(cwd, 'store.db'), ID, ASR_URL: `file://${join(cwd, 'whisper.json')}` });
        const result = await bash(example, cwd, env);
        if (result.status !== 0 || /error:/.test(result.stderr)) failures.push(`${example}\n  exit ${result.status}: ${result.stderr.trim()}`);
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
  });
});
