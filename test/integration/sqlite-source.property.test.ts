import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityManagerSource } from '../../src/storage/em-source.js';
import { SORT_FIELDS, type VideoFilter, type VideoSort } from '../../src/storage/repositories/video-query.js';
import { VideoReader } from '../../src/storage/repositories/video-reader.js';
import type { StoreEntityManager } from '../../src/storage/orm.js';
import { openSqliteSource, type SqliteSource } from '../../src/storage/sqlite-source.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

// The read commands read a SQLite catalog without MikroORM (sqlite-source.ts, src/cli/video-reads.ts)
// and every other catalog through it (em-source.ts): on any catalog, any read gives the same answer
// through either source, errors included.

const WORDS = ['talk', 'Keynote', 'drone', 'café', 'CAFÉ', 'ß', '日本語', 'a_b', '50%', 'x*y', "o'clock", 'the'];
const ID_COUNT = 40;
const ids = Array.from({ length: ID_COUNT }, (_, i) => `v${String(i).padStart(2, '0')}`);

const text = fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: 'grapheme', maxLength: 6 })), { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 3) }).map((ms) => new Date(ms - (ms % 60_000)).toISOString());
const record = fc.record({
  url: fc.option(fc.constantFrom('https://a.example.com/1.mp4', 'https://b.example.com/x.mp4', 'https://a.example.com/2.mp4'), { nil: null }),
  path: fc.constantFrom('/data/1.mp4', '/data/2/x.mp4', '/other/y.mp4'),
  title: fc.option(text, { nil: null }),
  description: fc.option(text, { nil: null }),
  created_at: instant,
  updated_at: instant,
  extended: fc.option(fc.record({ duration: fc.integer({ min: 0, max: 7200 }), status: fc.constantFrom('created', 'running', 'completed', 'failed') }), { nil: undefined }),
});

const filter: fc.Arbitrary<VideoFilter> = fc.record(
  {
    title: fc.constantFrom(...WORDS, 'e', ''),
    description: fc.constantFrom(...WORDS),
    url: fc.constantFrom('https://a.example.com/*', '*x*', 'https://b.example.com/x.mp4'),
    path: fc.constantFrom('/data/*', '/data/?.mp4', '*'),
    since: instant.map((iso) => new Date(iso)),
    until: instant.map((iso) => new Date(iso)),
    status: fc.constantFrom('created', 'running', 'completed', 'failed'),
    minDuration: fc.integer({ min: 0, max: 7200 }),
    maxDuration: fc.integer({ min: 0, max: 7200 }),
  },
  { requiredKeys: [] },
);
const sort: fc.Arbitrary<VideoSort> = fc.record({ field: fc.constantFrom(...SORT_FIELDS), direction: fc.constantFrom('asc' as const, 'desc' as const) });
const id = fc.oneof(fc.constantFrom(...ids), fc.constant('missing'));
const read = fc.oneof(
  fc.record({ list: fc.record({ filter, sort, limit: fc.integer({ min: 1, max: 50 }), after: id, pageSize: fc.integer({ min: 1, max: 7 }), oneStatement: fc.boolean() }, { requiredKeys: ['pageSize'] }) }),
  fc.record({ count: filter }),
  fc.record({ get: id }),
  fc.record({ exists: id }),
  fc.record({ search: fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')) }),
);
type Read = typeof read extends fc.Arbitrary<infer R> ? R : never;

/** What a read answers, or the error it throws (class and message). */
async function answer(reader: VideoReader, query: Read): Promise<unknown> {
  try {
    if ('list' in query) {
      const records = [];
      for await (const one of reader.list(query.list)) records.push(one);
      return records;
    }
    if ('count' in query) return await reader.count(query.count);
    if ('get' in query) return await reader.get(query.get);
    if ('exists' in query) return await reader.exists(query.exists);
    return await reader.search(query.search);
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe('reads without MikroORM on SQLite', () => {
  const sqlite = BACKENDS.find((backend) => backend.kind === 'sqlite')!;
  let opened: { db: Backend; store: Store };
  let direct: SqliteSource;
  let em: StoreEntityManager;

  beforeAll(async () => {
    opened = await storeOn(sqlite.create);
    const records = fc.sample(record, { numRuns: ID_COUNT, seed: 11 }).map(({ extended, ...fields }, i) => ({ id: ids[i], ...fields, ...extended }));
    const imported = await runInProcess(['--db', opened.db.spec, 'video', 'import', '-', '-q'], { input: records.map((r) => JSON.stringify(r)).join('\n') });
    expect(imported.stderr).toBe('');
    direct = openSqliteSource(opened.db.spec);
    em = opened.store.orm.em.fork() as StoreEntityManager;
  });
  afterAll(async () => {
    direct?.close();
    await closeStore(opened?.db, opened?.store);
  });

  it('gives the answers MikroORM gives, for any list, count, get, exists and search', async () => {
    const [viaOrm, viaFile] = [new VideoReader(entityManagerSource(em)), new VideoReader(direct)];
    let found = 0;
    await fc.assert(
      fc.asyncProperty(read, async (query) => {
        const expected = await answer(viaOrm, query);
        if (Array.isArray(expected) ? expected.length > 0 : expected !== 0 && expected !== false) found++;
        expect(await answer(viaFile, query)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    // Not a comparison of empty answers.
    expect(found).toBeGreaterThan(200);
  });

  it('reads what the catalog holds: its tables, named once (TABLE_NAMES), are those MikroORM maps', async () => {
    expect(direct.tables).toEqual(entityManagerSource(em).tables);
    expect(direct.dialect.quote('extended_video.duration')).toBe(em.getPlatform().quoteIdentifier('extended_video.duration'));
    expect(await new VideoReader(direct).count()).toBe(ID_COUNT);
  });
});
