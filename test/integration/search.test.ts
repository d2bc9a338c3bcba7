import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { videoSearchQuery } from '../../src/storage/repositories/video-search.js';
import type { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { pgAvailable } from '../helpers/pg.js';
import { CORPUS, SEARCHES } from '../helpers/search-corpus.js';
import { closeStore, explainWithoutSeqScan, type Store, storeOn, useStoresOnEachBackend } from '../helpers/store.js';

async function load(db: Backend): Promise<void> {
  const rows = CORPUS.map(([id]) => id);
  await db.query(`insert into media (id, media_type) values ${rows.map(() => "(?, 'video')").join(', ')}`, rows);
  await db.query(`insert into video (id, path, title, description) values ${rows.map(() => "(?, '/v', ?, ?)").join(', ')}`, CORPUS.flat());
}

const sortedIds = async (videos: VideoRepository, query: string) => (await videos.search(query)).map((r) => r.id).sort();

describe.each(BACKENDS)('search on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store;
    beforeAll(async () => {
      ({ db, store } = await storeOn(create));
      await load(db);
    });
    afterAll(async () => closeStore(db, store));

    it.each(SEARCHES)('%j finds %j', async (query, ids) => {
      expect(await sortedIds(store.videos(), query)).toEqual([...ids].sort());
    });

    it('a query without a word, or with only excluded words, is refused naming why', async () => {
      const videos = store.videos();
      await expect(videos.search(' -- 🎉 ')).rejects.toThrow('words: give at least one word with a letter or digit to search for (ignored: "--" (no letter or digit), "🎉" (no letter or digit))');
      await expect(videos.search('-zurich')).rejects.toThrow('words: give at least one word that is not excluded');
      await expect(videos.search('"zurich')).rejects.toThrow('words: "\\"zurich": a quote is not closed');
    });

    it('any string as a query gives results or a usage error, never a database error', async () => {
      const videos = store.videos();
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: fc.constantFrom(...'"*- ORANDNOT\0éß日\u0301a1'), maxLength: 20 }));
      await fc.assert(
        fc.asyncProperty(text, async (query) => {
          try {
            await videos.search(query);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
          }
        }),
        { numRuns: 150 },
      );
    });

    // Only PostgreSQL has a plan to check: defined there, not skipped elsewhere.
    if (kind === 'postgresql') it('PostgreSQL searches through the GIN index', async () => {
      const { sql, params } = videoSearchQuery({ sqlite: false, quote: (s) => `"${s}"` }, { media: 'media', video: 'video', extended: 'extended_video', videoTranscript: 'extended_video_transcript', videoCaption: 'extended_video_caption' }, 'zurich OR cafe -town', 10);
      expect(await explainWithoutSeqScan(store, sql, params)).toContain('ix_video_fts_document');
    });
  });
});

describe.skipIf(!pgAvailable)('SQLite and PostgreSQL find the same videos', () => {
  const stores = useStoresOnEachBackend(load);

  it('for random queries made of the catalog words, operators and punctuation', async () => {
    const words = [...new Set(CORPUS.flatMap(([, t, d]) => `${t ?? ''} ${d ?? ''}`.split(/\s+/)).filter(Boolean))];
    const term = fc.tuple(fc.constantFrom('', '-', '"'), fc.constantFrom(...words, 'OR', 'AND', 'NOT', 'ep', 'zu', '--', 'x'), fc.constantFrom('', '*', '"'));
    const query = fc.array(term, { minLength: 1, maxLength: 4 }).map((terms) => terms.map((t) => t.join('')).join(' '));
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const outcomes = await Promise.all(
          stores.map(async (store) => {
            try {
              return await sortedIds(store.videos(), q);
            } catch (error) {
              if (error instanceof ValidationError) return error.message;
              throw error;
            }
          }),
        );
        expect(outcomes[1], q).toEqual(outcomes[0]);
      }),
      { numRuns: 200 },
    );
  });
});
