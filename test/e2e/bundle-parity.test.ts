import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { BIN, type CliResult, runNode } from '../helpers/cli.js';

/**
 * The shipped bundle (bin/aana-store.js → dist/cli) and the library's own modules (tsc's
 * dist/src/cli/main.js, which a command with a JavaScript config runs) give the same results: the
 * bundle's stubs and its single copy of MikroORM and knex change nothing a user sees.
 */
const UNBUNDLED = resolve(import.meta.dirname, '../../dist/src/cli/main.js');

const FIXTURE = [
  { id: 'v1', url: 'https://e.com/1.mp4', path: null, title: 'A talk', description: 'about cats', created_at: '2026-01-02T03:04:05.678Z', updated_at: '2026-01-02T03:04:05.678Z' },
  { id: 'v2', url: null, path: '/media/2.mp4', title: 'Zebra talk', description: null, created_at: '2026-02-02T00:00:00.000Z', updated_at: '2026-03-01T00:00:00.000Z' },
  { id: 'v3', url: 'https://e.com/3.mp4', path: '/media/3.mp4', title: 'Émile, "quoted", 1,2', description: 'line one\nline two', created_at: '2026-02-02T00:00:00.000Z', updated_at: '2026-02-02T00:00:00.000Z' },
];

interface Step {
  args: string[];
  input?: string;
  /** The output holds the time the command ran or took: its timestamps and durations are masked. */
  now?: boolean;
}

/** In order, on one database per CLI: reads, writes, reports, errors and usage errors. */
const STEPS: Step[] = [
  { args: ['init'] },
  { args: ['video', 'import', '-', '--report', 'json'], input: FIXTURE.map((r) => JSON.stringify(r)).join('\n'), now: true },
  { args: ['video', 'list', '--format', 'csv'] },
  { args: ['video', 'list', '--format', 'table', '--sort', 'title:desc', '--limit', '2'] },
  { args: ['video', 'get', 'v3', '--format', 'json'] },
  { args: ['video', 'get', 'missing'] },
  { args: ['video', 'search', 'talk', '--format', 'ids'] },
  { args: ['video', 'count', '--title', 'TALK'] },
  { args: ['media', 'list', '--format', 'tsv'] },
  { args: ['video', 'export', '--format', 'json'] },
  { args: ['video', 'add', '--id', 'new', '--url', 'https://e.com/n.mp4', '--format', 'json'], now: true },
  { args: ['video', 'add', '--id', 'new', '--url', 'https://e.com/n.mp4'] },
  { args: ['video', 'update', 'new', '--title', 'T', '--format', 'json'], now: true },
  { args: ['video', 'import', '-'], input: '{"id":"bad id!","url":"https://e.com/x.mp4"}\n' },
  { args: ['video', 'add', '--id', 'ext', '--path', '/e.mp4', '--duration', '5400.5', '--status', 'running', '--format', 'json'], now: true },
  { args: ['video', 'status', 'ext'] },
  { args: ['video', 'status', 'v3'] },
  { args: ['migrate', 'status', '--format', 'json'], now: true },
  { args: ['config', '--format', 'json'] },
  { args: ['video', 'list', '--format', 'nope'] },
  { args: ['--version'] },
];

const TIMESTAMP = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?/g;
const DURATION = /("seconds":|in )\d+(?:\.\d+)?/g;

async function runAll(script: string, spec: string): Promise<CliResult[]> {
  const name = spec.startsWith('postgresql:') ? new URL(spec).pathname.slice(1) : spec;
  const results: CliResult[] = [];
  for (const { args, input, now } of STEPS) {
    const result = await runNode(script, ['--db', spec, ...args], { input });
    const mask = (text: string) => {
      const masked = text.replaceAll(spec, '<db>').replaceAll(name, '<db>');
      return now ? masked.replace(TIMESTAMP, '<now>').replace(DURATION, '$1<took>') : masked;
    };
    results.push({ ...result, stdout: mask(result.stdout), stderr: mask(result.stderr) });
  }
  return results;
}

describe.each(BACKENDS)('the bundle and the unbundled CLI on $kind', ({ kind, available, create }) => {
  it.skipIf(!available)(`print the same, byte for byte, and exit the same on ${kind}`, { timeout: 300_000 }, async () => {
    const [bundled, unbundled] = [await create(), await create()];
    try {
      const [fromBundle, fromModules] = await Promise.all([runAll(BIN, bundled.spec), runAll(UNBUNDLED, unbundled.spec)]);
      STEPS.forEach((step, i) => expect(fromBundle[i], `aana-store ${step.args.join(' ')}`).toEqual(fromModules[i]));
      // The steps did what they say (a comparison of two failures would pass too).
      expect(fromBundle.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 4, 0, 2, 0, 0, 2, 0, 0, 2, 0]);
      expect(fromBundle[2].stdout.split('\n')).toHaveLength(FIXTURE.length + 3);
    } finally {
      await bundled.cleanup();
      await unbundled.cleanup();
    }
  });
});

describe('the version alone', () => {
  it('`--version` and `-V` print what commander prints, though the bundle answers them before loading the CLI', async () => {
    for (const flag of ['--version', '-V']) {
      const [fromBundle, fromModules] = await Promise.all([runNode(BIN, [flag]), runNode(UNBUNDLED, [flag])]);
      expect(fromBundle, flag).toEqual(fromModules);
      expect(fromBundle).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), stderr: '' });
    }
  });
});
