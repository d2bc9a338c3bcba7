import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSessions } from '../../src/storage/session.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';
import { ExtendedVideoCaptionRepository, type StoreEntityManager } from '../../src/index.js';
import { saveTranscripts } from '../helpers/segments.js';
import { openStore } from '../helpers/store.js';

describe.each(BACKENDS)('video search on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);
    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
      for (const [id, title] of [['z1', 'Zürich old town'], ['c1', 'Café society'], ['s1', 'season-1 finale']]) {
        expect((await cli('video', 'add', '--id', id, '--path', '/v', '--title', title)).code).toBe(0);
      }
    });
    afterAll(async () => {
      await closeSessions();
      await db?.cleanup();
    });

    it('finds folded words and says on stderr what of the query it ignored', async () => {
      expect(await cli('video', 'search', 'zurich', 'OR', 'CAFE', '--format', 'ids')).toEqual({ code: 0, signal: null, stdout: 'c1\nz1\n', stderr: '' });
      expect(await cli('video', 'search', '--format', 'ids', '--', 'season', '1', '-town', 'OR')).toEqual({
        code: 0,
        signal: null,
        stdout: 's1\n',
        stderr: 'note: ignored "OR" (OR with nothing before it)\n',
      });
      expect(await cli('-q', 'video', 'search', 'season', 'AND', '1', '--format', 'ids')).toEqual({ code: 0, signal: null, stdout: 's1\n', stderr: '' });
    });

    it('also finds what transcripts say and captions show, saying where it found the words (matched, the last key)', async () => {
      const store = await openStore(db);
      try {
        await saveTranscripts(store, [['x1', 'Lecture', 'whisper', [' Welcome to Zürich.', ' The lake is cold.']]]);
        await new ExtendedVideoCaptionRepository(store.orm.em.fork() as StoreEntityManager).saveAll('blip2', 'x1', ['a swan on the lake'], [1], [30]);
      } finally {
        await store.close();
      }
      const found = await cli('video', 'search', 'zurich', '--format', 'csv', '--fields', 'id,matched');
      expect(found.stdout.split('\n').slice(1).sort()).toEqual(['', 'x1,transcript', 'z1,title']);
      expect((await cli('video', 'search', 'lake', '--format', 'csv', '--fields', 'id,matched')).stdout).toBe('id,matched\nx1,"transcript,caption"\n');
      expect((await cli('video', 'search', 'swan', '--format', 'tsv', '--fields', 'id,matched')).stdout).toBe('id\tmatched\nx1\tcaption\n');
      // Title matches rank first; the words must be said in one segment or one caption.
      expect((await cli('video', 'search', 'zurich', 'OR', 'lecture', '--format', 'ids')).stdout).toBe('x1\nz1\n');
      expect((await cli('video', 'search', 'welcome', 'lake', '--format', 'ids')).stdout).toBe('');
      expect((await cli('video', 'search', 'season', '--format', 'ndjson')).stdout).toMatch(/^\{"id":"s1",.*"updated_at":"[^"]+","matched":"title"\}\n$/);
      const lecture = await cli('video', 'search', 'lecture', 'lake', '--format', 'json');
      expect(JSON.parse(lecture.stdout)).toEqual([]);
    });

    it('a query with no letter or digit is a usage error naming what was ignored', async () => {
      expect(await cli('video', 'search', '🎉', '--', '--')).toEqual({
        code: 2,
        signal: null,
        stdout: '',
        stderr: 'error: words: give at least one word with a letter or digit to search for (ignored: "🎉" (no letter or digit), "--" (no letter or digit))\n',
      });
    });
  });
});
