import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileWithCache } from '../../src/cli/code-cache.js';
import { BACKENDS } from '../helpers/backends.js';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

// Parsing, help and usage errors are tested in process (test/cli/usage.test.ts); here, what the
// shipped bundle itself must show.
describe('the command line itself', () => {
  it('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('an unknown command suggests the nearest one and exits 2', async () => {
    const result = await runCli(['video', 'lst']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: unknown command 'lst'; did you mean list?\n");
  });
});

describe.each(BACKENDS)('run in a project of its own on $kind', ({ kind, available, create }) => {
  const project = tempDir();
  afterAll(() => project.cleanup());

  // MikroORM.init checks the versions of the @mikro-orm packages that the package.json above the
  // working directory names: the project's, which the bundle does not use.
  it.skipIf(!available)(`works where the project depends on another MikroORM (the bundle uses its own) on ${kind}`, async () => {
    const older = join(project.path, 'node_modules', '@mikro-orm', 'knex');
    mkdirSync(older, { recursive: true });
    writeFileSync(join(older, 'package.json'), JSON.stringify({ name: '@mikro-orm/knex', version: '6.5.0' }));
    writeFileSync(join(project.path, 'package.json'), JSON.stringify({ name: 'project', type: 'module', dependencies: { '@mikro-orm/knex': '6.5.0' } }));
    const db = await create();
    try {
      expect(await runCli(['--db', db.spec, 'init', '-q'], { cwd: project.path })).toMatchObject({ code: 0, stderr: '' });
      expect(await runCli(['--db', db.spec, 'video', 'add', '--id', 'v1', '--path', '/v.mp4'], { cwd: project.path })).toMatchObject({ code: 0, stdout: 'v1\n', stderr: '' });
      expect(await runCli(['--db', db.spec, 'video', 'get', 'v1', '--fields', 'id'], { cwd: project.path })).toMatchObject({ code: 0, stdout: 'id: v1\n', stderr: '' });
    } finally {
      await db.cleanup();
    }
  });
});

describe('settings in the bundle', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  // The precedence of every source is tested in process (test/cli/settings.test.ts); this shows the
  // shipped bin reads the environment and lets --db override it.
  it('takes the database from DB_CONFIG, and --db over it', async () => {
    const fromEnv = join(dir.path, 'env.db');
    const fromFlag = join(dir.path, 'flag.db');
    const env = baseEnv({ DB_CONFIG: JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: fromEnv } }) });
    expect(await runCli(['init', '-q'], { env })).toMatchObject({ code: 0, stderr: '' });
    expect(await runCli(['--db', fromFlag, 'init', '-q'], { env })).toMatchObject({ code: 0, stderr: '' });
    expect(await runCli(['video', 'add', '--path', '/e.mp4', '--id', 'via-env'], { env })).toMatchObject({ code: 0, stdout: 'via-env\n' });
    expect(await runCli(['--db', fromFlag, 'video', 'list', '--format', 'ids'], { env })).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('output hygiene', () => {
  const dir = tempDir();
  const db = join(dir.path, 'hygiene.db');
  beforeAll(async () => {
    expect((await runCli(['--db', db, 'init'])).code).toBe(0);
    for (let i = 0; i < 3; i++) await runCli(['--db', db, 'video', 'add', '--path', `/v/${i}.mp4`]);
  });
  afterAll(() => dir.cleanup());

  // The whole table of hostile input runs in process (test/cli/hostile-input.test.ts).
  it('bad input from a pipe: exit 2, one line naming the line and field, nothing written', async () => {
    const input = '{"path":"/ok.mp4","id":"fine"}\n{"path":"/b","title":"a\\u0000b"}\n';
    const result = await runCli(['--db', db, 'video', 'import', '-'], { input });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'error: line 2: title: must not contain NUL bytes\n' });
    expect((await runCli(['--db', db, 'video', 'exists', 'fine'])).code).toBe(3);
  });

  it('no colour codes when not on a TTY, even without NO_COLOR', async () => {
    const { NO_COLOR: _, ...env } = baseEnv();
    const result = await runCli(['--db', db, 'video', 'get', 'missing'], { env });
    expect(result.stderr).toBe('error: video not found: "missing"\n');
    const status = await runCli(['--db', db, 'migrate', 'status'], { env });
    expect(status.stdout).not.toContain('\u001b[');
  });

  it('-v adds the stack, mapped to the TypeScript sources, under the error line printed once', async () => {
    const result = await runCli(['--db', db, '-v', 'video', 'get', 'missing']);
    expect(result).toMatchObject({ code: 3, stdout: '' });
    const [line, ...frames] = result.stderr.trimEnd().split('\n');
    expect(line).toBe('error: video not found: "missing"');
    expect(result.stderr.match(/not found/g)).toHaveLength(1);
    expect(frames.length).toBeGreaterThan(2);
    for (const frame of frames) expect(frame).toMatch(/^ {4}at /);
    expect(frames[0]).toMatch(/\bsrc\/storage\/repositories\/\S+\.ts:\d+:\d+\)$/);
    expect(frames.join('\n')).toMatch(/\bsrc\/cli\/commands\/video-read\.ts:\d+/);
    // The bundle's maps keep only aana-store's own sources: a frame in the bundle is a dependency's (commander).
    expect(frames.filter((frame) => /dist\/cli\//.test(frame) && !/\b_Command\./.test(frame))).toEqual([]);
  });

  it('without -v, no stack and no source maps read', async () => {
    const result = await runCli(['--db', db, 'video', 'get', 'missing']);
    expect(result).toMatchObject({ code: 3, stdout: '', stderr: 'error: video not found: "missing"\n' });
  });

  it('the bundle ships its source maps with the sources inside, pointing at nothing outside the package', () => {
    const dist = join(import.meta.dirname, '../../dist/cli');
    const main = readFileSync(join(dist, 'main.cjs'), 'utf8');
    expect(main).toMatch(/\n\/\/# sourceMappingURL=main\.cjs\.map\n?$/);
    const maps = readdirSync(dist)
      .filter((file) => /\.c?js\.map$/.test(file))
      .map((file) => JSON.parse(readFileSync(join(dist, file), 'utf8')) as { sources: string[]; sourcesContent: Array<string | null> });
    expect(maps.some((map) => map.sources.some((source) => source.endsWith('src/cli/run.ts')))).toBe(true);
    for (const map of maps) {
      expect(map.sourcesContent).toHaveLength(map.sources.length);
      const ours = map.sources.flatMap((source, i) => (source.startsWith('../../src/') ? [map.sourcesContent[i]] : []));
      expect(ours.every((content) => typeof content === 'string')).toBe(true);
    }
  });

  it("the bundle's code caches are V8's for this Node: it takes them instead of compiling", () => {
    for (const file of ['cli.cjs', 'vendor.cjs']) {
      // compileWithCache reads the files as latin1: they must be ASCII.
      expect(readFileSync(join(import.meta.dirname, '../../dist/cli', file)).every((byte) => byte < 0x80), file).toBe(true);
      const script = compileWithCache(join(import.meta.dirname, '../../dist/cli', file));
      expect({ file, rejected: script.cachedDataRejected }).toEqual({ file, rejected: false });
    }
  });

  it('the commands that only read videos on SQLite leave MikroORM and knex unloaded: vendor.cjs is not read, as a write reads it', () => {
    const preload = join(dir.path, 'vendor-watch.cjs');
    writeFileSync(
      preload,
      `const fs = require('node:fs'); const read = fs.readFileSync;
       fs.readFileSync = function (file, ...rest) { if (String(file).endsWith('vendor.cjs')) process.stderr.write('read vendor.cjs\\n'); return read.call(this, file, ...rest); };`,
    );
    const cli = (args: string[]) => spawnSync(process.execPath, ['--require', preload, BIN, '--db', db, ...args], { env: baseEnv(), encoding: 'utf8' });
    for (const args of [['video', 'list'], ['video', 'get', 'missing'], ['video', 'count'], ['video', 'exists', 'x'], ['video', 'search', 'talk']]) {
      expect(cli(args).stderr, args.join(' ')).not.toContain('read vendor.cjs');
    }
    expect(cli(['video', 'add', '--path', '/w.mp4', '-q']).stderr).toContain('read vendor.cjs');
  });

  it('a closed pipe ends quietly with exit 0', () => {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${BIN} --db ${db} video list --format ndjson | head -c 10`], { env: baseEnv(), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toHaveLength(10);
    expect(result.stderr).toBe('');
  });
});
