import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/snapshot.js';

const TOO_LONG = 'error: line 1: record: longer than 4194304 characters, the most one record may have\n';

interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bash script (process substitution and pipes need a real shell); `$AANA` is the shipped CLI. */
function bash(script: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: baseEnv({ ...env, AANA: `${process.execPath} ${BIN}` }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(BACKENDS)('video import reads pipes and devices on $kind (shipped CLI)', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    const preload = join(dir.path, 'peak-rss.cjs');
    const rssFile = join(dir.path, 'peak-rss.txt');
    beforeAll(async () => {
      db = await create();
      expect((await runCli(['--db', db.spec, 'init'])).code).toBe(0);
      expect((await runCli(['--db', db.spec, 'video', 'add', '--id', 'keep', '--path', '/keep'])).code).toBe(0);
      writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    it('imports from <(…) process substitution (a FIFO), NDJSON by default and CSV with --format', async () => {
      const ndjson = await bash(`$AANA --db "$DB" video import --report json <(printf '{"id":"f1","path":"/f1"}\\n{"id":"f2","path":"/f2"}\\n')`, { DB: db.spec });
      expect(ndjson.stderr).toMatch(/^inserted 2, updated 0, unchanged 0, skipped 0, invalid 0 in \d+\.\d s\n$/);
      expect(JSON.parse(ndjson.stdout)).toMatchObject({ records: 2, inserted: 2 });
      expect(ndjson.code).toBe(0);
      const csv = await bash(`$AANA --db "$DB" video import --format csv <(printf 'id,path\\nf3,/f3\\n')`, { DB: db.spec });
      expect(csv).toMatchObject({ code: 0, stdout: '' });
      const rows = await db.query<{ id: string }>("select id from video where id like 'f%' order by id");
      expect(rows.map((r) => r.id)).toEqual(['f1', 'f2', 'f3']);
    });

    it('stops an endless record from /dev/zero early: one short line, exit 2, bounded memory, nothing written', async () => {
      const before = await snapshot(db);
      // Endless input: without a bound on one record this never ends (or ends out of memory).
      const piped = await bash(`${process.execPath} --require "$PRELOAD" ${BIN} --db "$DB" video import - < /dev/zero`, { DB: db.spec, PRELOAD: preload });
      expect(piped).toEqual({ code: 2, stdout: '', stderr: TOO_LONG });
      const peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      expect(peakMb).toBeGreaterThan(20);
      expect(peakMb).toBeLessThan(150);
      // 50 MB through a pipe: the import exits after about 4 MiB, so `head` dies of SIGPIPE (141).
      const head = await bash(`head -c 50M /dev/zero | $AANA --db "$DB" video import -; echo "\${PIPESTATUS[*]}"`, { DB: db.spec });
      expect(head).toEqual({ code: 0, stdout: '141 2\n', stderr: TOO_LONG });
      // The device as a path, and NUL bytes as CSV.
      expect(await runCli(['--db', db.spec, 'video', 'import', '/dev/zero'])).toMatchObject({ code: 2, stdout: '', stderr: TOO_LONG });
      const nuls = join(dir.path, 'nul.csv');
      writeFileSync(nuls, Buffer.alloc(20 * 1024 * 1024));
      expect(await runCli(['--db', db.spec, 'video', 'import', nuls])).toMatchObject({ code: 2, stdout: '', stderr: TOO_LONG });
      expect(await snapshot(db)).toEqual(before);
    }, 120_000);
  });
});
