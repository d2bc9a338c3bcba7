import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { BIN, baseEnv, runCli, startNode, tempDir } from '../helpers/cli.js';
import { addExtendedVideos } from '../helpers/extended-videos.js';
import { transcriptRecord } from '../helpers/transcript-records.js';

const tmp = tempDir('aana-store-transcript-memory-');
afterAll(() => tmp.cleanup());

const VIDEOS = 100;
const SEGMENTS = 200;

/** Streams `count` transcripts of 200 segments (~70 kB each) into `transcript import -`; returns its peak RSS in MB. */
async function importPeakMb(db: Backend, count: number, model: string): Promise<number> {
  const preload = join(tmp.path, 'peak-rss.cjs');
  const rssFile = join(tmp.path, `peak-rss-${model}.txt`);
  // A full collection every 200 ms: the peak is then what the importer holds, not how long V8 let
  // garbage pile up. Without it the same build's 1,600 transcripts peaked 43 to 97 MB over its 100, as
  // V8 chose (3,200 transcripts: 200-235 MB; with the collections 166-168 MB).
  writeFileSync(
    preload,
    `setInterval(() => global.gc(), 200).unref();\nprocess.on('exit', () => require('fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`,
  );
  const { child, exited } = startNode(['--expose-gc', '--require', preload, BIN, '--db', db.spec, 'transcript', 'import', '-', '--report', 'json'], { env: { ...baseEnv(), PEAK_RSS_FILE: rssFile } });
  for (let i = 0; i < count; i++) {
    const line = `${JSON.stringify(transcriptRecord(`mv-${i % VIDEOS}`, `${model}-${Math.floor(i / VIDEOS)}`, SEGMENTS))}\n`;
    if (!child.stdin.write(line)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
  }
  child.stdin.end();
  const { code, stdout, stderr } = await exited;
  expect(code, stderr).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({ records: count, inserted: count });
  return Number(readFileSync(rssFile, 'utf8')) / 1024;
}

// The memory of a real importing process; everything else about the import runs in process
// (test/cli/transcript-caption-bulk.test.ts).
describe.each(BACKENDS)('transcript import on $kind', ({ create, available }) => {
  it.skipIf(!available)('streams a large input in bounded memory, in one transaction (peak RSS of the importing process)', async () => {
    const db = await create();
    try {
      expect((await runCli(['--db', db.spec, 'init', '-q'])).code).toBe(0);
      await addExtendedVideos(db, Array.from({ length: VIDEOS }, (_, i) => ({ id: `mv-${i}`, duration: 600 })));
      // 16 times the input (~110 MB against ~7 MB) may not take more memory: the importer holds one
      // chunk of 50 transcripts, not the input or the rows.
      const small = await importPeakMb(db, 100, 'small');
      const large = await importPeakMb(db, 1600, 'large');
      expect(small).toBeGreaterThan(20);
      expect(large, `peak RSS ${large.toFixed(0)} MB for 1,600 transcripts against ${small.toFixed(0)} MB for 100`).toBeLessThan(small + 60);
      const [{ n }] = await db.query<{ n: number | string }>('select count(*) as n from transcript');
      expect(Number(n)).toBe(1700);
    } finally {
      await db.cleanup();
    }
  }, 300_000);
});
