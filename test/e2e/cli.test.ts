import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the command line itself', () => {
  it('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the commands, examples and exit codes on stdout', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const word of ['init', 'migrate', 'video', '--db', '--config', '--verbose', '--quiet', '--no-color', 'Examples:', 'Exit codes:']) expect(help.stdout).toContain(word);
  });

  it.each([['init'], ['migrate'], ['migrate', 'status'], ['migrate', 'down'], ['video', 'add'], ['video', 'get'], ['video', 'list']])('%s --help shows an example', async (...command) => {
    const help = await runCli([...command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n {2}\$ \S*aana-store /);
  });

  it('an unknown command suggests the nearest one and exits 2', async () => {
    const result = await runCli(['video', 'lst']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: unknown command 'lst'; did you mean list?\n");
  });

  it('an unknown option suggests the nearest one and exits 2', async () => {
    const result = await runCli(['video', 'list', '--limt', '3']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: unknown option '--limt'; did you mean --limit?\n");
  });

  it('a missing subcommand shows help on stderr and exits 2', async () => {
    const result = await runCli(['video']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Usage: aana-store video/);
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

  it('-q silences status messages', async () => {
    const other = join(dir.path, 'quiet.db');
    expect(await runCli(['--db', other, '-q', 'init'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
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
    expect(frames.join('\n')).toMatch(/\bsrc\/cli\/run\.ts:\d+/);
    expect(result.stderr).not.toMatch(/dist\/cli\//);
  });

  it('without -v, no stack and no source maps read', async () => {
    const result = await runCli(['--db', db, 'video', 'get', 'missing']);
    expect(result).toMatchObject({ code: 3, stdout: '', stderr: 'error: video not found: "missing"\n' });
  });

  it('the bundle ships its source maps with the sources inside, pointing at nothing outside the package', () => {
    const dist = join(import.meta.dirname, '../../dist/cli');
    const main = readFileSync(join(dist, 'main.js'), 'utf8');
    expect(main).toMatch(/\n\/\/# sourceMappingURL=main\.js\.map\n?$/);
    const map = JSON.parse(readFileSync(join(dist, 'main.js.map'), 'utf8')) as { sources: string[]; sourcesContent: Array<string | null> };
    expect(map.sources.some((source) => source.endsWith('src/cli/run.ts'))).toBe(true);
    expect(map.sourcesContent).toHaveLength(map.sources.length);
    expect(map.sourcesContent.every((content) => typeof content === 'string')).toBe(true);
  });

  it('a closed pipe ends quietly with exit 0', () => {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${BIN} --db ${db} video list --format ndjson | head -c 10`], { env: baseEnv(), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toHaveLength(10);
    expect(result.stderr).toBe('');
  });
});
