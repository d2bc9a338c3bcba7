import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

/**
 * A row another tool wrote with a value this version cannot convert. SQLite's datetime column takes
 * any text (''); PostgreSQL's timestamptz cannot hold '', but it can hold 'infinity', which no
 * JavaScript Date can represent.
 */
const BAD_VALUE = { sqlite: { sql: "''", shown: '""' }, postgresql: { sql: "'infinity'", shown: '"infinity"' } };

describe.each(BACKENDS)('a row that cannot be converted, on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);
    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
      const input = ['a1', 'b2', 'c3'].map((id, i) => JSON.stringify({ id, url: `https://e.com/${id}`, created_at: `2026-01-0${i + 1}T00:00:00.000Z` })).join('\n');
      expect((await runInProcess(['--db', db.spec, 'video', 'import', '-'], { input })).code).toBe(0);
      await db.query(`update media set created_at = ${BAD_VALUE[kind].sql} where id = 'b2'`);
    });
    afterAll(async () => {
      dir.cleanup();
      await db.cleanup();
    });
    const badLine = `error: video b2: created_at: not a timestamp: ${BAD_VALUE[kind].shown}\n`;

    it('video list prints the good rows, names the bad one in one line and exits 1 at the end', async () => {
      const result = await cli('video', 'list', '--format', 'ids');
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['a1', 'c3']);
      expect(result.stderr).toBe(`${badLine}error: 1 unreadable row was skipped\n`);
    });

    it('video export writes the good rows and names the bad one', async () => {
      const file = join(dir.path, 'out.ndjson');
      const result = await cli('video', 'export', file);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`${badLine}exported 2 videos to ${file}\nerror: 1 unreadable row was skipped\n`);
      expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id).sort()).toEqual(['a1', 'c3']);
    });

    it('media list does the same', async () => {
      const result = await cli('media', 'list', '--format', 'ids');
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['a1', 'c3']);
      expect(result.stderr).toBe(`${badLine.replace('video b2', 'media b2')}error: 1 unreadable row was skipped\n`);
    });

    it('video get, video update and media get print one line naming the id and the column', async () => {
      for (const args of [['video', 'get', 'b2'], ['video', 'update', 'b2', '--title', 'x'], ['media', 'get', 'b2']]) {
        const result = await cli(...args);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(`error: ${args[0]} b2: created_at: not a timestamp\n`);
        expect(result.code).toBe(1);
      }
    });
  });
});
