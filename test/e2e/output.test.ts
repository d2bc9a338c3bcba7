import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { useFreshCatalog } from '../helpers/catalog.js';
import { BIN, baseEnv, runCli, startCli, tempDir } from '../helpers/cli.js';

const ROWS = 300_000;
/** Peak RSS a streamed listing stays under; holding 300,000 rows took several hundred MB more. */
const MAX_RSS_KB = 200 * 1024;

/** Fills the catalog with ROWS videos in two statements, without the search triggers (not what is tested). */
async function fill(db: Backend): Promise<void> {
  const description = `'${'lorem ipsum '.repeat(20)}'`;
  if (db.kind === 'sqlite') {
    await db.query('drop trigger video_fts_after_insert');
    await db.query(
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${ROWS - 1}) ` +
        "insert into media (id, media_type, created_at, updated_at) select printf('v%06d', i), 'video', datetime('2026-01-01', '+' || i || ' seconds'), '2026-01-01 00:00:00.000000' from n",
    );
  } else {
    await db.query('alter table video disable trigger video_fts_after_insert');
    await db.query(
      `insert into media (id, media_type, created_at, updated_at) select 'v' || lpad(i::text, 6, '0'), 'video', timestamptz '2026-01-01' + i * interval '1 second', timestamptz '2026-01-01' from generate_series(0, ${ROWS - 1}) i`,
    );
  }
  await db.query(`insert into video (id, url, title, description) select id, 'https://example.com/' || id || '.mp4', 'Video ' || id, ${description} from media`);
  // Fresh statistics, as autovacuum would gather: without them PostgreSQL plans each page as a full scan.
  await db.query('analyze');
}

/** Runs the shipped CLI under /usr/bin/time: exit code, stdout size, stderr and peak RSS in KB. */
function measured(args: string[]): { code: number | null; bytes: number; lines: number; stderr: string; maxRssKb: number } {
  const dir = tempDir();
  try {
    const rss = join(dir.path, 'rss');
    const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rss, process.execPath, BIN, ...args], { env: baseEnv(), maxBuffer: 1024 ** 3, encoding: 'buffer' });
    const stdout = result.stdout;
    let lines = 0;
    for (const byte of stdout) if (byte === 10) lines++;
    return { code: result.status, bytes: stdout.length, lines, stderr: result.stderr.toString(), maxRssKb: Number(readFileSync(rss, 'utf8').trim().split('\n').at(-1)) };
  } finally {
    dir.cleanup();
  }
}

describe.each(BACKENDS)('output on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const fresh = useFreshCatalog(create);

    it(`a table of ${ROWS.toLocaleString('en')} videos streams in bounded memory`, async () => {
      const target = await fresh();
      await fill(target);
      const table = measured(['--db', target.spec, 'video', 'list', '--format', 'table']);
      expect(table.stderr).toBe('');
      expect(table.code).toBe(0);
      expect(table.lines).toBe(ROWS + 1);
      expect(table.maxRssKb).toBeLessThan(MAX_RSS_KB);
    }, 300_000);

    it('SIGTERM rolls back the open transaction, prints one line and exits 143', async () => {
      const target = await fresh();
      const { child, exited } = startCli(['--db', target.spec, 'video', 'import', '-']);
      const input = Array.from({ length: 5000 }, (_, i) => `${JSON.stringify({ id: `t${i}`, url: `https://e.com/${i}`, description: 'x'.repeat(100) })}\n`).join('');
      // More than a pipe holds: 'drain' means the import is reading, inside its transaction.
      if (!child.stdin.write(input)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 143, signal: null, stdout: '', stderr: 'error: terminated; the open transaction was rolled back\n' });
      const [row] = await target.query<{ n: number | string }>('select count(*) as n from media');
      expect(Number(row.n)).toBe(0);
    }, 120_000);
  });
});

describe('export targets through the shipped CLI', () => {
  const dir = tempDir();
  const db = join(dir.path, 'store.db');
  beforeAll(async () => {
    expect((await runCli(['--db', db, 'init'])).code).toBe(0);
    expect((await runCli(['--db', db, 'video', 'add', '--id', 'a', '--url', 'https://e.com/a'])).code).toBe(0);
  });
  afterAll(() => dir.cleanup());

  it('a missing folder: one error line, exit 1, no stack', async () => {
    const result = await runCli(['--db', db, 'video', 'export', '/missing/dir/x.ndjson']);
    expect(result).toEqual({ code: 1, signal: null, stdout: '', stderr: 'error: cannot write /missing/dir/x.ndjson: no such file or directory\n' });
  });

  it.skipIf(process.platform !== 'linux')('a full device: one error line, exit 1', async () => {
    const result = await runCli(['--db', db, 'video', 'export', '/dev/full', '--format', 'ndjson']);
    expect(result).toEqual({ code: 1, signal: null, stdout: '', stderr: 'error: cannot write /dev/full: no space left on device\n' });
  });

  it('a FIFO is written directly', async () => {
    const fifo = join(dir.path, 'fifo.ndjson');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (read += chunk));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const result = await runCli(['--db', db, 'video', 'export', fifo]);
    await closed;
    expect(result.code).toBe(0);
    expect(JSON.parse(read)).toMatchObject({ id: 'a' });
  });

  it('a new file is 0600; a replaced file keeps its mode', async () => {
    const fresh = join(dir.path, 'new.ndjson');
    expect((await runCli(['--db', db, 'video', 'export', fresh])).code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    const old = join(dir.path, 'old.ndjson');
    writeFileSync(old, 'old\n', { mode: 0o640 });
    expect((await runCli(['--db', db, 'video', 'export', old])).code).toBe(0);
    expect(statSync(old).mode & 0o777).toBe(0o640);
    expect(JSON.parse(readFileSync(old, 'utf8'))).toMatchObject({ id: 'a' });
  });
});

describe.skipIf(spawnSync('script', ['--version']).status !== 0)('stored text on a real terminal', () => {
  const dir = tempDir();
  const db = join(dir.path, 'store.db');
  const title = 'A\rB\u001b[31mred\u001b]0;pwned\u0007\u009b2J\u202eevil';
  beforeAll(async () => {
    expect((await runCli(['--db', db, 'init'])).code).toBe(0);
    expect((await runCli(['--db', db, 'video', 'import', '-'], { input: JSON.stringify({ id: 'evil', url: 'https://e.com/e', title }) })).code).toBe(0);
  });
  afterAll(() => dir.cleanup());
  const onTty = (args: string[]) => {
    const command = `stty cols 200; ${[process.execPath, BIN, '--db', db, ...args].map((a) => `'${a}'`).join(' ')}`;
    return spawnSync('script', ['-qec', command, '/dev/null'], { env: baseEnv({ TERM: 'xterm' }), encoding: 'utf8' });
  };

  it.each([
    [['video', 'get', 'evil']],
    [['video', 'list']],
  ])('%j shows control characters escaped', (args) => {
    const result = onTty(args);
    expect(result.status).toBe(0);
    const shown = result.stdout.replace(/\r\n/g, '\n');
    expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(shown).toContain('A\\rB\\x1b[31mred\\x1b]0;pwned\\x07\\x9b2J\\u202eevil');
  });
});
