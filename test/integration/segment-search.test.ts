// `transcript search` in the library: what it finds, in what order, and through which index.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { ExtendedVideoCaptionRepository, type StoreEntityManager } from '../../src/index.js';
import { searchSegments, segmentSearchQuery } from '../../src/storage/repositories/segment-search.js';
import { parseSearchQuery } from '../../src/storage/search/query-syntax.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { pgAvailable } from '../helpers/pg.js';
import { CORPUS, SEARCHES } from '../helpers/search-corpus.js';
import { saveTranscripts, type TranscriptFixture } from '../helpers/segments.js';
import { closeStore, explainWithoutSeqScan, type Store, storeOn, useStoresOnEachBackend } from '../helpers/store.js';

/** The video search corpus as transcripts: each title and description a segment of the video's transcript. */
const FIXTURES: TranscriptFixture[] = CORPUS.map(([id, title, description]) => [id, title, 'whisper', [title ?? '', description ?? '']]);

const TABLES = { transcript: 'transcript', videoTranscript: 'extended_video_transcript', video: 'video' };

/** `video#segment` of every hit, sorted. */
const found = async (store: Store, query: string, model?: string) =>
  (await searchSegments(store.orm.em.fork() as StoreEntityManager, query, { limit: 1000, model })).hits.map((h) => `${h.id}#${h.segment}`).sort();

describe.each(BACKENDS)('transcript segment search on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store;
    beforeAll(async () => {
      ({ db, store } = await storeOn(create));
      await saveTranscripts(store, [...FIXTURES, ['z1', null, 'other-model', ['Zürich by night', 'the lake']]]);
    });
    afterAll(async () => closeStore(db, store));

    // The video search table holds here too, one segment being one field (a phrase stays in one segment),
    // except for excluded words: a segment is excluded for what it says, not for what its video says.
    it.each(SEARCHES.filter(([query]) => !/(^|\s)(-|NOT )/.test(query)))('%j finds the segments of %j', async (query, ids) => {
      const hits = (await found(store, query, 'whisper')).map((hit) => hit.split('#')[0]);
      expect([...new Set(hits)].sort()).toEqual([...ids].sort());
    });

    it('gives the video, its title, the model, the segment with its times and text, best match first', async () => {
      const { hits, ranked } = await searchSegments(store.orm.em.fork() as StoreEntityManager, 'zurich', { limit: 10 });
      expect(ranked).toBe(3);
      expect(hits).toHaveLength(3);
      expect(hits.find((h) => h.model === 'other-model')).toEqual({ id: 'z1', title: 'Zürich old town', model: 'other-model', segment: 0, start: 0, end: 2, text: 'Zürich by night' });
      // Shorter segments saying the word as often rank first; then by transcript, then position.
      expect(hits.map((h) => h.text)).toEqual(['ZURICH airport', 'Zürich old town', 'Zürich by night']);
      expect(await found(store, 'season -pilot', 'whisper')).toEqual(['s1#0', 's2#0', 's2#1', 's3#0', 's4#0', 's4#1', 's5#0', 's6#0', 's6#1', 's7#0', 's8#0', 's8#1', 's9#0', 's9#1']);
      expect(await found(store, 'season NOT episode NOT arc', 'whisper')).toEqual(['s9#0', 's9#1']);
      expect(await found(store, 'zurich', 'other-model')).toEqual(['z1#0']);
      expect(await found(store, 'zurich', 'nobody')).toEqual([]);
    });

    it('--limit takes the best; ranking stops at `ranked` matches, in index order', async () => {
      const em = () => store.orm.em.fork() as StoreEntityManager;
      expect((await searchSegments(em(), 'season', { limit: 2 })).hits).toHaveLength(2);
      const capped = await searchSegments(em(), 'season', { limit: 50, ranked: 4 });
      expect(capped.ranked).toBe(4);
      expect(capped.hits).toHaveLength(4);
    });

    it('any string as a query gives hits or a usage error, never a database error', async () => {
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: fc.constantFrom(...'"*- ORANDNOT\0éß日\u0301a1\'\\:&|!()<>'), maxLength: 20 }));
      await fc.assert(
        fc.asyncProperty(text, async (query) => {
          try {
            await searchSegments(store.orm.em.fork() as StoreEntityManager, query);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
          }
        }),
        { numRuns: 150 },
      );
    });

    it('EXPLAIN shows the full-text index finding the segments', async () => {
      const { sql, params } = segmentSearchQuery({ sqlite: kind === 'sqlite', quote: (s) => (kind === 'sqlite' ? `\`${s}\`` : `"${s}"`) }, TABLES, parseSearchQuery('zurich cafe*'), { limit: 20, ranked: 5000 });
      if (kind === 'sqlite') {
        const plan = await db.query<{ detail: string }>(`explain query plan ${sql}`, params);
        expect(plan.map((row) => row.detail)).toContainEqual(expect.stringMatching(/^SCAN f VIRTUAL TABLE INDEX \d+:M/));
      } else {
        // On a table this small a scan is cheaper; priced out, the planner shows the index serves the query.
        expect(await explainWithoutSeqScan(store, sql, params)).toContain('Bitmap Index Scan on ix_transcript_segment_fts_document');
      }
    });
  });
});

describe.skipIf(!pgAvailable)('SQLite and PostgreSQL find the same segments', () => {
  const stores = useStoresOnEachBackend();

  const words = [...new Set(CORPUS.flatMap(([, t, d]) => `${t ?? ''} ${d ?? ''}`.split(/\s+/)).filter(Boolean))];
  const segmentText = fc.array(fc.constantFrom(...words, 'the', 'a', 'Zürich', 'o\'clock'), { maxLength: 6 }).map((w) => w.join(' '));
  const corpus = fc.array(fc.array(segmentText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 });
  const term = fc.tuple(fc.constantFrom('', '-', '"'), fc.constantFrom(...words, 'the', 'OR', 'AND', 'NOT', 'ep', 'zu', '--', 'x'), fc.constantFrom('', '*', '"'));
  const query = fc.array(term, { minLength: 1, maxLength: 4 }).map((terms) => terms.map((t) => t.join('')).join(' '));

  /** What a store finds for `q` among this round's videos: its segments, and its videos with where they matched. */
  const outcome = async (store: Store, q: string, round: number) => {
    try {
      const hits = (await searchSegments(store.orm.em.fork() as StoreEntityManager, q, { model: `m${round}`, limit: 1000 })).hits.map((h) => `${h.id}#${h.segment}`).sort();
      const videos = (await store.videos().search(q)).filter((v) => v.id.startsWith(`r${round}-`)).map((v) => `${v.id}:${v.matched}`).sort();
      return { hits, videos };
    } catch (error) {
      if (error instanceof ValidationError) return error.message;
      throw error;
    }
  };

  it('on random corpora, for random queries of their words, operators and punctuation (and video search over them)', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(corpus, fc.array(query, { minLength: 5, maxLength: 5 }), async (transcripts, queries) => {
        round++;
        for (const store of stores) {
          const fixtures = transcripts.map((texts, k): TranscriptFixture => [`r${round}-${k}`, `Round ${round}`, `m${round}`, texts]);
          await saveTranscripts(store, fixtures);
          // Each video's last segment is also the caption of its first frame.
          for (const [id, , , texts] of fixtures) await new ExtendedVideoCaptionRepository(store.orm.em.fork() as StoreEntityManager).saveAll('blip2', id, [texts[texts.length - 1]], [0], [0]);
        }
        for (const q of queries) {
          const [sqlite, postgresql] = await Promise.all(stores.map((store) => outcome(store, q, round)));
          expect(postgresql, q).toEqual(sqlite);
        }
      }),
      { numRuns: 25 },
    );
  });
});
