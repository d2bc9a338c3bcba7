import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVideos } from '../../src/storage/bulk/importer.js';
import type { ConflictMode } from '../../src/storage/bulk/writer.js';
import type { StoreEntityManager } from '../../src/storage/orm.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { CORPUS, SEARCHES } from '../helpers/search-corpus.js';
import { sqliteIndexTotals, sqliteIndexWords } from '../helpers/sqlite.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

interface Row {
  id: string;
  title: string | null;
  description: string | null;
}

/** Text that exercises the fold: cases, diacritics (precomposed and combining), separators, scripts. */
const text = fc.option(
  fc.string({ unit: fc.oneof(fc.constantFrom(...'aZé\u0301ßÆ日本 -_.,"\'*\t\n0'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0')), maxLength: 40 }),
);
/** Fixed-seed samples: the same rows every run, so a failure can be replayed. */
const sampled = (count: number, seed: number, prefix: string): Row[] =>
  fc.sample(fc.tuple(text, text), { numRuns: count, seed }).map(([title, description], i) => ({ id: `${prefix}${i}`, title, description }));

const CATALOG: Row[] = [...CORPUS.map(([id, title, description]) => ({ id, title, description })), ...sampled(80, 11, 'rnd')];
/** Changes to part of the catalog, one id twice (the later record wins), and new rows. */
const CHANGES: Row[] = [
  ...CATALOG.filter((_, i) => i % 3 === 0).map((row, i) => ({ ...row, title: i % 2 ? `${row.title ?? ''} Zürich` : null, description: `season ${i}` })),
  { id: 'z1', title: 'Zürich twice', description: 'the later record' },
  ...sampled(20, 12, 'add'),
];

const ndjson = (rows: readonly Row[]) => Readable.from([rows.map((row) => `${JSON.stringify({ ...row, path: `/v/${row.id}.mp4` })}\n`).join('')]);

function importRows(store: Store, rows: readonly Row[], onConflict: ConflictMode = 'error', batchSize?: number) {
  return importVideos(store.orm.em.fork() as StoreEntityManager, ndjson(rows), { format: 'ndjson', onConflict, batchSize });
}

const RUNS = Number(process.env.AANA_STORE_PROPERTY_RUNS ?? 15);
/** An import of records over a few ids, so that they meet stored rows and each other. */
const anImport = fc.record({
  rows: fc.array(fc.record({ id: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4', 'p5'), title: text, description: text }), { minLength: 1, maxLength: 8 }),
  mode: fc.constantFrom<ConflictMode>('error', 'skip', 'update'),
  batchSize: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

/**
 * The index rows of the videos whose ids start with `prefix` in `bulk`, and the ones the triggers give
 * the same rows written afresh into `reference`, where they replace whatever rows of that prefix it held.
 */
async function indexedAndExpected(bulk: Backend, reference: Backend, prefix: string): Promise<[unknown[], unknown[]]> {
  if (bulk.kind === 'sqlite') {
    await bulk.query("insert into video_fts (video_fts, rank) values ('integrity-check', 0)");
    const totals = sqliteIndexTotals(bulk.spec);
    expect(totals.kept).toEqual(totals.summed);
  }
  const stored = await bulk.query<Row>('select id, title, description from video where id like ? order by id', [`${prefix}%`]);
  await reference.query('delete from video where id like ?', [`${prefix}%`]);
  await reference.query('delete from media where id like ?', [`${prefix}%`]);
  const rows = reference.kind === 'sqlite' ? 'json_each(?) as r' : 'json_array_elements(?::json) as r(value)';
  const json = JSON.stringify(stored);
  await reference.query(`insert into media (id, media_type) select r.value ->> 'id', 'video' from ${rows}`, [json]);
  // One statement: the insert trigger indexes each row as it does for any other writer.
  await reference.query(`insert into video (id, path, title, description) select r.value ->> 'id', '/v', r.value ->> 'title', r.value ->> 'description' from ${rows}`, [json]);
  const ofPrefix = (index: unknown[]) => index.filter((row) => (row as { id: string }).id.startsWith(prefix));
  return [ofPrefix(await indexRows(bulk)), ofPrefix(await indexRows(reference))];
}

/** The SQL of SQLite's triggers on `video`, by name. */
async function sqliteTriggers(db: Backend): Promise<unknown[]> {
  return db.query("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'video' order by name");
}

/** The search index as stored, row by row, in a form both kinds can compare. */
async function indexRows(db: Backend): Promise<unknown[]> {
  if (db.kind === 'sqlite') return sqliteIndexWords(db.spec);
  return db.query('select id, document::text as document from video_fts order by id collate "C"');
}

/** Every search of the shared table, results in rank order. */
async function searches(store: Store): Promise<Array<[string, string[]]>> {
  const found: Array<[string, string[]]> = [];
  for (const [query] of SEARCHES) found.push([query, (await store.videos().search(query)).map((r) => r.id)]);
  for (const query of ['a', 'é', 'z*', '日本', 'season', 'zurich OR twice']) found.push([query, (await store.videos().search(query)).map((r) => r.id)]);
  return found;
}

async function bulkFlagLeft(db: Backend): Promise<boolean> {
  if (db.kind === 'sqlite') return (await db.query('select 1 from video_fts_bulk')).length > 0;
  return false;
}

describe.each(BACKENDS)('search upkeep of bulk imports on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let oneByOne: { db: Backend; store: Store };
    let bulk: { db: Backend; store: Store };
    beforeAll(async () => {
      oneByOne = await storeOn(create);
      bulk = await storeOn(create);
    });
    afterAll(async () => {
      await closeStore(oneByOne?.db, oneByOne?.store);
      await closeStore(bulk?.db, bulk?.store);
    });

    it('an import indexes exactly what adding and updating the rows one by one indexes', async () => {
      for (const row of CATALOG) await oneByOne.store.videos().add({ ...row, path: `/v/${row.id}.mp4` });
      expect(await importRows(bulk.store, CATALOG)).toMatchObject({ inserted: CATALOG.length });
      expect(await indexRows(bulk.db)).toHaveLength(CATALOG.length);
      expect(await indexRows(bulk.db)).toEqual(await indexRows(oneByOne.db));
      expect(await searches(bulk.store)).toEqual(await searches(oneByOne.store));

      for (const row of CHANGES) {
        const videos = oneByOne.store.videos();
        if (await videos.exists(row.id)) await videos.update(row.id, { title: row.title, description: row.description });
        else await videos.add({ ...row, path: `/v/${row.id}.mp4` });
      }
      expect(await importRows(bulk.store, CHANGES, 'update')).toMatchObject({ inserted: 20 });
      expect(await indexRows(bulk.db)).toHaveLength(CATALOG.length + 20);
      expect(await indexRows(bulk.db)).toEqual(await indexRows(oneByOne.db));
      expect(await searches(bulk.store)).toEqual(await searches(oneByOne.store));
      expect(await bulkFlagLeft(bulk.db)).toBe(false);
    });

    it('rows written after an import, by aana-store or raw as the Aana SDK writes them, are indexed by the triggers', async () => {
      await importRows(bulk.store, [{ id: 'after1', title: 'Quokka one', description: null }]);
      await bulk.store.videos().add({ id: 'after2', path: '/v/after2.mp4', title: 'Quokka two' });
      await bulk.db.query("insert into media (id, media_type) values ('raw1', 'video')");
      await bulk.db.query("insert into video (id, path, title, description) values ('raw1', '/v/raw1.mp4', 'Quokka raw', 'Ünïcödé')");
      const ids = async (query: string) => (await bulk.store.videos().search(query)).map((r) => r.id).sort();
      expect(await ids('quokka')).toEqual(['after1', 'after2', 'raw1']);
      await bulk.db.query("update video set title = 'Wombat raw' where id = 'raw1'");
      expect(await ids('quokka')).toEqual(['after1', 'after2']);
      expect(await ids('wombat unicode')).toEqual(['raw1']);
      await bulk.db.query("delete from video where id = 'after1'");
      expect(await ids('quokka')).toEqual(['after2']);
    });

    it('an import that fails after writing chunks leaves the index as it was', async () => {
      const before = await indexRows(bulk.db);
      // More rows than one chunk (2000), so that the upkeep of the first chunk has run; the last repeats an id.
      const rows: Row[] = Array.from({ length: 2600 }, (_, i) => ({ id: `fail${i}`, title: `doomed ${i}`, description: null }));
      rows.push({ id: 'fail0', title: 'doomed again', description: null });
      await expect(importRows(bulk.store, rows)).rejects.toThrow('line 2601: id: media already exists');
      expect(await indexRows(bulk.db)).toEqual(before);
      expect(await bulkFlagLeft(bulk.db)).toBe(false);
      expect(await bulk.store.videos().search('doomed')).toEqual([]);
      // An update import: its first chunk rewrites stored rows and adds new ones, then a record is invalid.
      const updates: Row[] = CATALOG.slice(0, 10).map((row) => ({ ...row, title: 'doomed' }));
      const fresh: Row[] = Array.from({ length: 1990 }, (_, i) => ({ id: `new${i}`, title: 'doomed', description: null }));
      const invalid = { id: 'bad id', title: null, description: null };
      await expect(importRows(bulk.store, [...updates, ...fresh, invalid], 'update')).rejects.toThrow('line 2001: id:');
      expect(await indexRows(bulk.db)).toEqual(before);
      expect(await bulk.store.videos().search('doomed')).toEqual([]);
    });

    it('any sequence of imports, whatever their modes, batches and repeated ids, leaves the index the rows it holds would have one by one', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(anImport, { minLength: 1, maxLength: 4 }), async (imports) => {
          await bulk.db.query("delete from video where id like 'p%'");
          await bulk.db.query("delete from media where id like 'p%'");
          // An import may stop at a conflict: what it committed before stays, and must be indexed.
          for (const { rows, mode, batchSize } of imports) await importRows(bulk.store, rows, mode, batchSize).catch(() => undefined);
          const [indexed, expected] = await indexedAndExpected(bulk.db, oneByOne.db, 'p');
          expect(indexed).toEqual(expected);
        }),
        { numRuns: RUNS, seed: 7 },
      );
    });

    it('an update import indexes a row written new and then rewritten in the same transaction, across chunks, once with its last words', async () => {
      const first: Row[] = Array.from({ length: 2500 }, (_, i) => ({ id: `twice${i}`, title: `wallaby ${i}`, description: null }));
      const again: Row[] = first.filter((_, i) => i % 500 === 0).map((row) => ({ ...row, title: 'numbat', description: 'rewritten' }));
      expect(await importRows(bulk.store, [...first, ...again], 'update')).toMatchObject({ inserted: 2500, updated: again.length });
      const ids = async (query: string) => (await bulk.store.videos().search(query, { limit: 3000 })).map((r) => r.id).sort();
      expect(await ids('numbat rewritten')).toEqual(again.map((row) => row.id).sort());
      expect(await ids('wallaby')).toHaveLength(2500 - again.length);
      const [indexed, expected] = await indexedAndExpected(bulk.db, oneByOne.db, 'twice');
      expect(indexed).toHaveLength(2500);
      expect(indexed).toEqual(expected);
    });

    if (kind === 'sqlite') {
      it('SQLite: the triggers the import stands aside, and its connection\'s page cache, are back as they were, after an import and after a failed one', async () => {
        const cacheSize = async (): Promise<number> => {
          const rows: Array<{ cache_size: number }> = await bulk.store.orm.em.getConnection().execute('pragma cache_size');
          return rows[0].cache_size;
        };
        const before = { triggers: await sqliteTriggers(bulk.db), cache: await cacheSize() };
        expect(before.triggers).toHaveLength(3);
        const expectAsBefore = async () => expect({ triggers: await sqliteTriggers(bulk.db), cache: await cacheSize() }).toEqual(before);
        await importRows(bulk.store, [{ id: 'trig1', title: 'Echidna', description: null }]);
        await expectAsBefore();
        await expect(importRows(bulk.store, [{ id: 'trig2', title: null, description: null }, { id: 'trig1', title: null, description: null }])).rejects.toThrow('line 2');
        await expectAsBefore();
        await importRows(bulk.store, [{ id: 'trig3', title: 'Echidna', description: null }], 'update', 1);
        await expectAsBefore();
      });

      it('SQLite: a new video whose id has a key already (left by hand) is indexed under it', async () => {
        await bulk.db.query("insert into video_fts_key (id) values ('keyed1')");
        await importRows(bulk.store, [{ id: 'keyed1', title: 'Bilby', description: null }, { id: 'keyed2', title: 'Bilby', description: null }]);
        expect((await bulk.store.videos().search('bilby')).map((r) => r.id).sort()).toEqual(['keyed1', 'keyed2']);
      });
    }

    // --on-conflict error COPYs into the tables and leaves the index to the triggers; the other modes set it.
    if (kind === 'postgresql') it('PostgreSQL: the setting that stands the triggers aside ends with the import transaction', async () => {
      await importRows(bulk.store, [{ id: 'pg1', title: 'Platypus', description: null }], 'skip');
      const settings = await bulk.store.orm.em.getConnection().execute<Array<{ bulk: string | null }>>("select current_setting('aana_store.bulk', true) as bulk");
      expect(settings[0].bulk ?? '').toBe('');
      await bulk.store.orm.em.getConnection().execute("insert into media (id, media_type) values ('pg2', 'video')");
      await bulk.store.orm.em.getConnection().execute("insert into video (id, path, title) values ('pg2', '/v', 'Platypus two')");
      expect((await bulk.store.videos().search('platypus')).map((r) => r.id).sort()).toEqual(['pg1', 'pg2']);
    });
  });
});
