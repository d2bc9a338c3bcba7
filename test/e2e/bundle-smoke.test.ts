import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { BACKENDS } from '../helpers/backends.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { captionRecord, transcriptRecord } from '../helpers/transcript-records.js';

/**
 * Runs every command of the SHIPPED bundle once along its real path (not --help), so each lazy chunk
 * esbuild split off is loaded and used. The list of commands comes from the program itself: a new
 * command without a case here fails the first test.
 */
function leafCommands(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return sub.commands.length === 0 ? [path.join(' ')] : leafCommands(sub, path);
  });
}

const dir = tempDir();
afterAll(() => dir.cleanup());
const importFile = join(dir.path, 'smoke.ndjson');
writeFileSync(importFile, '{"id":"s2","path":"/smoke/2.mp4","title":"imported"}\n');
const srtFile = join(dir.path, 'smoke.srt');
writeFileSync(srtFile, '1\n00:00:01,000 --> 00:00:02,500\nhello smoke\n');
const captionFile = join(dir.path, 'smoke-captions.ndjson');
writeFileSync(captionFile, '{"frame_id":0,"timestamp":0,"caption":"a cat"}\n');
const transcriptsFile = join(dir.path, 'smoke-transcripts.ndjson');
writeFileSync(transcriptsFile, `${JSON.stringify(transcriptRecord('s1', 'other', 2))}\n`);
const captionsFile = join(dir.path, 'smoke-caption-records.ndjson');
writeFileSync(captionsFile, `${JSON.stringify(captionRecord('s1', 'other', 3))}\n`);

interface Case {
  args: string[];
  /** Checked against stdout; exit 0 and no error on stderr are checked for every case. */
  stdout?: RegExp;
}

/** In the order they run: each leaves the catalog as the next expects. */
const CASES: Record<string, Case[]> = {
  init: [{ args: ['init'] }],
  'migrate status': [{ args: ['migrate', 'status'], stdout: new RegExp(migrationsList[0].name) }],
  'migrate check': [{ args: ['migrate', 'check'] }],
  'migrate down': [{ args: ['migrate', 'down'] }],
  'migrate up': [{ args: ['migrate', 'up'] }],
  'video add': [{ args: ['video', 'add', '--id', 's1', '--url', 'https://e.com/s1.mp4', '--title', 'smoke test'], stdout: /^s1\n$/ }],
  'video get': [{ args: ['video', 'get', 's1'], stdout: /^id: +s1$/m }],
  'video list': [{ args: ['video', 'list', '--format', 'table'], stdout: /s1/ }],
  'video count': [{ args: ['video', 'count'], stdout: /^1\n$/ }],
  'video exists': [{ args: ['video', 'exists', 's1'], stdout: /^$/ }],
  'video search': [{ args: ['video', 'search', 'smoke', '--format', 'ids'], stdout: /^s1\n$/ }],
  'video update': [{ args: ['video', 'update', 's1', '--title', 'smoke again', '--unset', 'description', '--duration', '12.5'], stdout: /^s1\n$/ }],
  'video status': [
    { args: ['video', 'status', 's1', 'running'], stdout: /^s1\n$/ },
    { args: ['video', 'status', 's1'], stdout: /^running\n$/ },
  ],
  'transcript add': [{ args: ['transcript', 'add', 's1', '--model', 'whisper', srtFile], stdout: /^$/ }],
  'transcript get': [{ args: ['transcript', 'get', 's1', '--format', 'srt'], stdout: /^1\n00:00:01,000 --> 00:00:02,500\nhello smoke\n/ }],
  'transcript list': [{ args: ['transcript', 'list', '--format', 'ids'], stdout: /^s1\n$/ }],
  'transcript search': [{ args: ['transcript', 'search', 'smoke', '--format', 'tsv', '--fields', 'id,start'], stdout: /^id\tstart\ns1\t1\n$/ }],
  'transcript import': [{ args: ['transcript', 'import', transcriptsFile] }],
  'transcript export': [{ args: ['transcript', 'export'], stdout: /"model":"other"/ }],
  'transcript delete': [{ args: ['transcript', 'delete', 's1', '--model', 'other'] }],
  'caption add': [{ args: ['caption', 'add', 's1', '--model', 'blip', captionFile] }],
  'caption list': [{ args: ['caption', 'list', 's1', '--format', 'csv', '--fields', 'frame_id,caption'], stdout: /^frame_id,caption\n0,a cat\n$/ }],
  'caption import': [{ args: ['caption', 'import', captionsFile] }],
  'caption export': [{ args: ['caption', 'export'], stdout: /"model":"other"/ }],
  'video import': [{ args: ['video', 'import', importFile] }],
  'video export': [{ args: ['video', 'export', '--format', 'csv'], stdout: /^id,url,path,title,description,duration,status,created_at,updated_at\n/ }],
  'media list': [{ args: ['media', 'list'], stdout: /"s2"/ }],
  'media get': [{ args: ['media', 'get', 's2'], stdout: /^media_type: +video$/m }],
  config: [{ args: ['config'] }],
  doctor: [{ args: ['doctor'] }],
  completion: ['bash', 'zsh', 'fish'].map((shell) => ({ args: ['completion', shell], stdout: /aana-store/ })),
  'video delete': [{ args: ['video', 'delete', 's1', 's2'] }],
  help: [{ args: ['help', 'video', 'list'], stdout: /^Usage: aana-store video list/ }],
  'migrate help': [{ args: ['migrate', 'help', 'status'], stdout: /^Usage: aana-store migrate status/ }],
  'video help': [{ args: ['video', 'help', 'add'], stdout: /^Usage: aana-store video add/ }],
  'transcript help': [{ args: ['transcript', 'help', 'get'], stdout: /^Usage: aana-store transcript get/ }],
  'caption help': [{ args: ['caption', 'help', 'list'], stdout: /^Usage: aana-store caption list/ }],
  'media help': [{ args: ['media', 'help', 'get'], stdout: /^Usage: aana-store media get/ }],
};

const nullIo = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: process.cwd() };

describe('the shipped bundle runs every command', () => {
  it('has a smoke case for every command the program registers', () => {
    expect(Object.keys(CASES).sort()).toEqual(leafCommands(buildProgram(nullIo)).sort());
  });

  describe.each(BACKENDS)('on $kind', ({ kind, available, create }) => {
    it.skipIf(!available)(`runs each command's real path on ${kind}`, { timeout: 600_000 }, async () => {
      const db = await create();
      try {
        for (const [name, cases] of Object.entries(CASES)) {
          for (const { args, stdout } of cases) {
            const result = await runCli(['--db', db.spec, ...args]);
            const what = `${name}: aana-store ${args.join(' ')}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
            expect(result.code, what).toBe(0);
            expect(result.stderr, what).not.toMatch(/^error|Cannot find|Could not|unexpected|TypeError/m);
            if (stdout) expect(result.stdout, what).toMatch(stdout);
          }
        }
      } finally {
        await db.cleanup();
      }
    });
  });
});
