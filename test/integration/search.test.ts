import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { videoSearchQuery } from '../../src/storage/repositories/video-search.js';
import type { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { pgAvailable } from '../helpers/pg.js';
import { closeStore, openStore, type Store, storeOn } from '../helpers/store.js';

/** [id, title, description]: the same catalog on both databases. */
export const CORPUS: Array<[string, string | null, string | null]> = [
  ...Array.from({ length: 8 }, (_, k): [string, string, string] => [`s${k + 1}`, `Season 1 episode ${k + 1}`, k % 2 ? 'the season-1 arc' : 'pilot']),
  ['s9', 'Season 10', 'season one'],
  ['z1', 'Zürich old town', 'a walk by the lake'],
  ['z2', 'ZURICH airport', 'Cafe at gate 1'],
  ['c1', 'Café society', null],
  ['n1', 'naïve coöperation', 'Ünïcödé'],
  ['e1', null, 'Episode guide, episodes 1-3'],
  ['j1', '日本語のテキスト', 'ΚΑΛΗΜΈΡΑ κόσμε'],
  ['h1', 'well-known facts', 'o\'clock e-mail C++ 3.14'],
  ['d1', 'Straße', 'ﬁne æther'],
];

/** [query, ids found, in any order]: what both databases must return. */
export const SEARCHES: Array<[string, string[]]> = [
  ['zurich', ['z1', 'z2']],
  ['ZÜRICH', ['z1', 'z2']],
  ['zu\u0308rich', ['z1', 'z2']],
  ['cafe', ['c1', 'z2']],
  ['café', ['c1', 'z2']],
  ['season-1', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['"season 1"', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['season 1', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['season', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']],
  ['cooperation naive', ['n1']],
  ['unicode', ['n1']],
  // A phrase stays inside one field: the title's last word and the description's first are not one.
  ['"naive cooperation"', ['n1']],
  ['"coöperation Ünïcödé"', []],
  ['"cooperation unic"*', []],
  ['ep*', ['e1', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['episode', ['e1', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']],
  ['episodes', ['e1']],
  ['"season 1"*', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']],
  ['zurich OR cafe', ['c1', 'z1', 'z2']],
  ['zurich OR cafe town', ['z1']],
  ['season -pilot', ['s2', 's4', 's6', 's8', 's9']],
  ['season NOT arc NOT pilot', ['s9']],
  ['season AND 10', ['s9']],
  ['or', []],
  ['well-known', ['h1']],
  ['"known well"', []],
  ['clock mail 14', ['h1']],
  ['καλημέρα', ['j1']],
  ['καλημερα', []],
  ['ΚΌΣΜΕ', ['j1']],
  ['日本語のテキスト', ['j1']],
  ['日本語', []],
  ['strasse', []],
  ['straße', ['d1']],
  ['aether', []],
  ['fine', []],
  ['zurich --', ['z1', 'z2']],
  ['nothing-like-this', []],
];

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
      const plan = await store.orm.em.getConnection().transactional(async (tx): Promise<unknown> => {
        await store.orm.em.getConnection().execute('set local enable_seqscan = off', [], 'run', tx);
        const { sql, params } = videoSearchQuery({ sqlite: false, quote: (s) => `"${s}"` }, { media: 'media', video: 'video' }, 'zurich OR cafe -town', 10);
        return store.orm.em.getConnection().execute<Array<Record<string, string>>>(`explain ${sql}`, params, 'all', tx);
      });
      expect(JSON.stringify(plan)).toContain('ix_video_fts_document');
    });
  });
});

describe.skipIf(!pgAvailable)('SQLite and PostgreSQL find the same videos', () => {
  const stores: Store[] = [];
  const dbs: Backend[] = [];
  beforeAll(async () => {
    for (const backend of BACKENDS) {
      const db = await backend.create();
      dbs.push(db);
      stores.push(await openStore(db));
      await load(db);
    }
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const db of dbs) await db.cleanup();
  });

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
