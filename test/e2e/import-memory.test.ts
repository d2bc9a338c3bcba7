import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, startNode, tempDir } from '../helpers/cli.js';
import { sqliteQuery } from '../helpers/sqlite.js';

const tmp = tempDir('aana-store-memory-');
afterAll(() => tmp.cleanup());

/** Streams `records` generated NDJSON lines (~480 bytes each) into `video import -`; returns its peak RSS in MB. */
async function importPeakMb(db: string, records: number, prefix: string): Promise<number> {
  const preload = join(tmp.path, 'peak-rss.cjs');
  const rssFile = join(tmp.path, `peak-rss-${prefix}.txt`);
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
  const { child, exited } = startNode(['--require', preload, BIN, '--db', db, 'video', 'import', '-', '--report', 'json'], { env: { ...baseEnv(), PEAK_RSS_FILE: rssFile } });
  const filler = 'x'.repeat(380);
  for (let i = 0; i < records; i += 1000) {
    let chunk = '';
    for (let j = i; j < i + 1000; j++) chunk += `{"id":"${prefix}-${j}","url":"https://example.com/${j}.mp4","title":"title ${j}","description":"${filler}"}\n`;
    if (!child.stdin.write(chunk)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
  }
  child.stdin.end();
  const { code, stdout, stderr } = await exited;
  expect(code, stderr).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({ records, inserted: records });
  return Number(readFileSync(rssFile, 'utf8')) / 1024;
}

// The memory of a real importing process; everything else about import and export runs in process
// (test/cli/import-export.test.ts).
describe('video import on SQLite', () => {
  it('streams a large input in bounded memory (peak RSS of the importing process)', async () => {
    const db = join(tmp.path, 'catalog.db');
    expect((await runCli(['--db', db, 'init', '-q'])).code).toBe(0);
    // The process's own footprint (runtime, driver, one batch) is what 25,000 records take; 16 times
    // as much input (~190 MB) may add its ids (a few tens of MB), not the input: a reader that kept the
    // input or the rows would.
    const small = await importPeakMb(db, 25_000, 'small');
    const large = await importPeakMb(db, 400_000, 'large');
    expect(small).toBeGreaterThan(20);
    expect(large, `peak RSS ${large.toFixed(0)} MB for 400,000 records against ${small.toFixed(0)} MB for 25,000`).toBeLessThan(small + 100);
    expect(large).toBeLessThan(260);
    const [{ n }] = await sqliteQuery<{ n: number }>(db, 'select (select count(*) from media) + (select count(*) from video) as n');
    expect(n).toBe(2 * 425_000);
  }, 180_000);
});
