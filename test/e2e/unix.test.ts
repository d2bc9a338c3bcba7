import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteQuery } from '../helpers/sqlite.js';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
const dir = tempDir();
const db = join(dir.path, 'unix.db');
const ROWS = 5000;

beforeAll(async () => {
  expect((await runCli(['--db', db, 'init'])).code).toBe(0);
  const ids = Array.from({ length: ROWS }, (_, i) => `u${i}`);
  for (let start = 0; start < ROWS; start += 500) {
    const chunk = ids.slice(start, start + 500);
    await sqliteQuery(db, `insert into media (id, media_type) values ${chunk.map(() => "(?, 'video')").join(', ')}`, chunk);
    await sqliteQuery(db, `insert into video (id, path, title, description) values ${chunk.map(() => "(?, ?, 'clip', 'a long description to fill the pipe quickly')").join(', ')}`, chunk.flatMap((id) => [id, `/v/${id}.mp4`]));
  }
});
afterAll(() => dir.cleanup());

// Usage errors and help run in process (test/cli/usage.test.ts).
describe('pipes', () => {
  it.each([
    ['video', 'list', '--title', 'clip', '--sort', 'path:desc'],
    ['video', 'search', 'clip', '--limit', '5000', '--format', 'csv'],
    ['media', 'list', '--format', 'json'],
  ])('a closed pipe ends %s quietly with exit 0', (...args) => {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${BIN} --db ${db} ${args.join(' ')} | head -c 10`], { env: baseEnv(), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toHaveLength(10);
  });
});

describe.skipIf(!has('script'))('on a terminal (through script(1))', () => {
  /** Runs the CLI with a pseudo-terminal as stdin, stdout and stderr; `input` is typed at it. */
  const onTty = (args: string[], input: string, env: NodeJS.ProcessEnv = {}, columns = 100) => {
    const command = `stty cols ${columns}; ${[process.execPath, BIN, '--db', db, ...args].map((a) => `'${a}'`).join(' ')}`;
    const { NO_COLOR: _, ...colourable } = baseEnv({ TERM: 'xterm' });
    return spawnSync('script', ['-qec', command, '/dev/null'], { input, env: { ...colourable, ...env }, encoding: 'utf8' });
  };
  const count = async (ids: string[]) => (await sqliteQuery(db, `select id from media where id in (${ids.map(() => '?').join(', ')})`, ids)).length;

  it('colours only when allowed: not with NO_COLOR, TERM=dumb or --no-color', () => {
    expect(onTty(['config'], '').stdout).toContain('\u001b[1msetting');
    expect(onTty(['config'], '', { NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(onTty(['config'], '', { TERM: 'dumb' }).stdout).not.toContain('\u001b[');
    expect(onTty(['--no-color', 'config'], '').stdout).not.toContain('\u001b[');
  });

  it('a table fits the terminal width, truncating long text with …', () => {
    const lines = onTty(['video', 'list', '--limit', '3', '--format', 'table'], '', { NO_COLOR: '1' }, 60).stdout.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[1]).toMatch(/^u0 .*…/);
  });

  it('delete asks before removing more than one video, and only then', async () => {
    const no = onTty(['video', 'delete', 'u1', 'u2'], 'n\n');
    expect(no.status).toBe(1);
    expect(no.stdout).toContain('Delete 2 videos? [y/N] ');
    expect(no.stdout).toContain('cancelled; nothing deleted');
    expect(await count(['u1', 'u2'])).toBe(2);
    const yes = onTty(['video', 'delete', 'u1', 'u2'], 'y\n');
    expect(yes.status).toBe(0);
    expect(yes.stdout).toContain('Deleted 2 videos');
    expect(await count(['u1', 'u2'])).toBe(0);
    const flag = onTty(['video', 'delete', 'u3', 'u4', '--yes'], '');
    expect(flag.status).toBe(0);
    expect(flag.stdout).not.toContain('[y/N]');
    const single = onTty(['video', 'delete', 'u5'], '');
    expect(single.status).toBe(0);
    expect(single.stdout).not.toContain('[y/N]');
    expect(await count(['u3', 'u4', 'u5'])).toBe(0);
  });
});
