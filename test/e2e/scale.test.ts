import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { baseEnv, BIN, runCli, tempDir } from '../helpers/cli.js';

/**
 * 300,000 videos, written with SQL in the shape aana-store writes (media, video and, through the
 * triggers, the search index), then every list format and the export through the shipped binary in
 * bounded memory, and the documented SQLite → PostgreSQL copy with default settings.
 */
const ROWS = Number(process.env.AANA_STORE_SCALE_ROWS ?? 300_000);
const PEAK_RSS_LIMIT_MB = 200;
/**
 * Runs the shipped CLI in a node process that, when it exits, writes its peak resident set size (kB)
 * to $PEAK_RSS_FILE: the child's own memory, measured without /usr/bin/time.
 */
const PEAK_RSS = `
import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...process.argv.slice(1)];
await import(${JSON.stringify(BIN)});
`;
const dir = tempDir();

const FILL: Record<Backend['kind'], string[]> = {
  sqlite: [
    `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${ROWS - 1})
     insert into media (id, media_type, created_at, updated_at)
     select 'v' || printf('%07d', i), 'video', t, t from (select i, strftime('%Y-%m-%d %H:%M:%f', '2026-01-01', '+' || i || ' seconds') || '000' as t from n)`,
    `insert into video (id, path, url, title, description)
     select id, '/videos/' || id || '.mp4', 'https://e.com/' || id, 'Title, "quoted" ' || id, 'line one' || char(10) || 'tab' || char(9) || id from media`,
  ],
  postgresql: [
    `insert into media (id, media_type, created_at, updated_at)
     select 'v' || lpad(i::text, 7, '0'), 'video', t, t from (select i, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second' as t from generate_series(0, ${ROWS - 1}) i) s`,
    `insert into video (id, path, url, title, description)
     select id, '/videos/' || id || '.mp4', 'https://e.com/' || id, 'Title, "quoted" ' || id, 'line one' || chr(10) || 'tab' || chr(9) || id from media`,
  ],
};

interface Measured {
  code: number | null;
  stderr: string;
  lines: number;
  bytes: number;
  peakRssMb: number;
}

/** Runs the CLI, counting its stdout without keeping it, and measures its peak RSS. */
function measure(args: string[]): Promise<Measured> {
  const rssFile = join(dir.path, `rss-${process.hrtime.bigint()}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PEAK_RSS, '--', ...args], { env: baseEnv({ PEAK_RSS_FILE: rssFile }), stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let peakKb = Number.NaN;
      try {
        peakKb = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        stderr += `(no peak RSS written to ${rssFile})`;
      }
      resolvePromise({ code, stderr, lines, bytes, peakRssMb: peakKb / 1024 });
    });
  });
}

const FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv', 'ids'] as const;
/** Output lines a format gives for ROWS videos (the description holds one newline, quoted in CSV/TSV). */
const EXPECTED_LINES: Record<(typeof FORMATS)[number] | 'export', number> = { table: ROWS + 1, json: ROWS + 2, ndjson: ROWS, csv: 2 * ROWS + 1, tsv: 2 * ROWS + 1, ids: ROWS, export: ROWS };

const dbs: Partial<Record<Backend['kind'], Backend>> = {};
afterAll(async () => {
  for (const db of Object.values(dbs)) await db.cleanup();
  dir.cleanup();
});

describe.each(BACKENDS)(`${ROWS} videos on $kind`, ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    beforeAll(async () => {
      db = await create();
      dbs[kind] = db;
      expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
      for (const sql of FILL[kind]) await db.query(sql);
      // Statistics as autovacuum would gather them after such a load; without them PostgreSQL plans each page as a full join.
      if (kind === 'postgresql') await db.query('analyze media, video');
      // The filled database is what aana-store itself would have written: the search index is in step.
      const doctor = await runCli(['--db', db.spec, 'doctor', '--format', 'json']);
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
      const middle = `v${String(Math.floor(ROWS / 2)).padStart(7, '0')}`;
      expect((await runCli(['--db', db.spec, 'video', 'search', middle, '--format', 'ids'])).stdout).toBe(`${middle}\n`);
    });

    for (const format of [...FORMATS, 'export'] as const) {
      it(`${format === 'export' ? 'video export' : `video list --format ${format}`} streams every row in under ${PEAK_RSS_LIMIT_MB} MB`, async () => {
        const args = format === 'export' ? ['video', 'export'] : ['video', 'list', '--format', format];
        const result = await measure(['--db', db.spec, ...args]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.lines).toBe(EXPECTED_LINES[format]);
        expect(result.peakRssMb, `peak RSS ${Math.round(result.peakRssMb)} MB`).toBeLessThan(PEAK_RSS_LIMIT_MB);
      });
    }
  });
});

describe.skipIf(!BACKENDS.every((b) => b.available))(`copying ${ROWS} videos`, () => {
  it('aana-store --db SQLITE video export | aana-store --db PG video import - (the documented recipe, default settings)', async () => {
    const source = dbs.sqlite;
    expect(source, 'the SQLite catalog was filled').toBeDefined();
    const target = await BACKENDS[1].create();
    try {
      expect((await runCli(['--db', target.spec, 'init'])).code).toBe(0);
      const cli = (spec: string, rest: string) => `'${process.execPath}' '${BIN}' --db '${spec}' ${rest}`;
      const result = await new Promise<{ code: number | null; stderr: string }>((resolvePromise, reject) => {
        const child = spawn('bash', ['-o', 'pipefail', '-c', `${cli(source!.spec, 'video export')} | ${cli(target.spec, 'video import -')}`], { env: baseEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolvePromise({ code, stderr }));
      });
      expect(result.stderr).toMatch(new RegExp(`^inserted ${ROWS}, updated 0, unchanged 0, skipped 0, invalid 0 in [^\\n]+\\n$`));
      expect(result.code).toBe(0);
      const [{ n }] = await target.query<{ n: string }>('select count(*) as n from video');
      expect(Number(n)).toBe(ROWS);
    } finally {
      await target.cleanup();
    }
  });
});
