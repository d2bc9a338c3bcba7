import type { Migrator } from '@mikro-orm/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDbSpec } from '../../src/config/spec.js';
import { migrateDown, migrateUp } from '../../src/storage/migrator.js';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { KEYED_SEARCH_MIGRATION, SEARCH_MIGRATION, SEARCH_UPKEEP_MIGRATION } from '../../src/storage/migrations/names.js';
import { openOrm, type StoreEntityManager } from '../../src/storage/orm.js';
import { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { CORPUS, SEARCHES } from '../helpers/search-corpus.js';
import { sqliteIndexWords } from '../helpers/sqlite.js';

const NAMES = migrationsList.map((m) => m.name);
/** The migrations after `name`, in order. */
const after = (name: string) => NAMES.slice(NAMES.indexOf(name) + 1);
/** The migration that refolds the index, right after the search migration. */
const FOLD_MIGRATION = after(SEARCH_MIGRATION)[0];

describe.each(BACKENDS)('the search migrations on a catalog that has rows, on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    beforeAll(async () => {
      db = await create();
    });
    afterAll(async () => db?.cleanup());

    async function withOrm(work: (orm: Awaited<ReturnType<typeof openOrm>>, search: (q: string) => Promise<string[]>) => Promise<void>): Promise<void> {
      const orm = await openOrm(parseDbSpec(db.spec), { migrations: true, create: true });
      const search = async (q: string) => (await new VideoRepository(orm.em.fork() as StoreEntityManager).search(q)).map((r) => r.id).sort();
      try {
        await work(orm, search);
      } finally {
        await orm.close();
      }
    }

    /** Reverts migrations until `name` is reverted; returns what was reverted. */
    async function downThrough(orm: Awaited<ReturnType<typeof openOrm>>, name: string): Promise<string[]> {
      const reverted: string[] = [];
      while (!reverted.includes(name)) reverted.push(...(await migrateDown(orm)).migrations);
      return reverted;
    }

    it('refolds the rows already indexed, and reverts', async () => {
      await withOrm(async (orm, search) => {
        await orm.getMigrator<Migrator>().up({ to: SEARCH_MIGRATION });
        await db.query("insert into media (id, media_type) values ('z1', 'video'), ('s1', 'video')");
        await db.query("insert into video (id, path, title, description) values ('z1', '/v', 'Zürich', null), ('s1', '/v', 'Season 1', 'Café')");
        expect((await migrateUp(orm)).migrations).toEqual(after(SEARCH_MIGRATION));
        expect(await search('zurich')).toEqual(['z1']);
        expect(await search('season-1 cafe')).toEqual(['s1']);
        expect(await downThrough(orm, FOLD_MIGRATION)).toEqual(after(SEARCH_MIGRATION).reverse());
        if (kind === 'postgresql') {
          expect(await db.query("select count(*)::int as n from pg_proc where proname like 'video_fts_%' and proname <> 'video_fts_refresh'")).toEqual([{ n: 0 }]);
          expect(await db.query("select document::text as d from video_fts where id = 'z1'")).toEqual([{ d: "'zürich':1A" }]);
        }
        await migrateUp(orm);
      });
    });

    it('the upkeep migration keeps the triggers indexing every other writer, and reverts to the plain triggers', async () => {
      const rawAdd = async (id: string, title: string) => {
        await db.query("insert into media (id, media_type) values (?, 'video')", [id]);
        await db.query("insert into video (id, path, title) values (?, '/v', ?)", [id, title]);
      };
      const bulkObjects = () =>
        kind === 'sqlite'
          ? db.query("select name from sqlite_master where name = 'video_fts_bulk' or sql like '%video_fts_bulk%' order by name")
          : db.query("select tgname as name from pg_trigger where pg_get_triggerdef(oid) like '%video_fts_bulk%' union all select proname from pg_proc where proname = 'video_fts_bulk' order by name");
      await withOrm(async (orm, search) => {
        await migrateUp(orm);
        await downThrough(orm, SEARCH_UPKEEP_MIGRATION);
        await rawAdd('u1', 'Quokka before');
        expect((await migrateUp(orm)).migrations).toEqual([SEARCH_UPKEEP_MIGRATION, ...after(SEARCH_UPKEEP_MIGRATION)]);
        expect((await bulkObjects()).map((r) => r.name)).toEqual(['video_fts_after_insert', 'video_fts_after_update', 'video_fts_bulk']);
        await rawAdd('u2', 'Quokka after');
        await db.query("update video set title = 'Wombat' where id = 'u1'");
        expect(await search('quokka')).toEqual(['u2']);
        expect(await search('wombat')).toEqual(['u1']);

        expect(await downThrough(orm, SEARCH_UPKEEP_MIGRATION)).toEqual([...after(SEARCH_UPKEEP_MIGRATION).reverse(), SEARCH_UPKEEP_MIGRATION]);
        expect(await bulkObjects()).toEqual([]);
        await rawAdd('u3', 'Quokka reverted');
        await db.query("update video set title = 'Quokka again' where id = 'u1'");
        // Searches and imports need the whole schema (they name the pending migrations); the index itself is read here.
        const indexed = async (word: string) =>
          (kind === 'sqlite'
            ? await db.query<{ id: string }>('select id from video_fts where video_fts match ? order by id', [word])
            : await db.query<{ id: string }>('select id from video_fts where document @@ video_fts_query(?::text, false) order by id', [word])
          ).map((r) => r.id);
        expect(await indexed('quokka')).toEqual(['u1', 'u2', 'u3']);
        expect(await indexed('wombat')).toEqual([]);
      });
    });

    it('the keyed index migration keeps every indexed word and what every search finds, and reverts', async () => {
      const id = (corpusId: string) => `k-${corpusId}`;
      const ours = (rows: Array<{ id: string }>) => rows.filter((row) => row.id.startsWith('k-'));
      const indexed = async () => (kind === 'sqlite' ? ours(sqliteIndexWords(db.spec)) : ours(await db.query('select id, document::text as document from video_fts order by id collate "C"')));
      await withOrm(async (orm, search) => {
        await migrateUp(orm);
        await downThrough(orm, KEYED_SEARCH_MIGRATION);
        for (const [corpusId, title, description] of CORPUS) {
          await db.query("insert into media (id, media_type) values (?, 'video')", [id(corpusId)]);
          await db.query("insert into video (id, path, title, description) values (?, '/v', ?, ?)", [id(corpusId), title, description]);
        }
        const before = await indexed();
        expect(before).toHaveLength(CORPUS.length);
        expect((await migrateUp(orm)).migrations).toEqual([KEYED_SEARCH_MIGRATION, ...after(KEYED_SEARCH_MIGRATION)]);
        expect(await indexed()).toEqual(before);
        for (const [query, ids] of SEARCHES) expect((await search(query)).filter((found) => found.startsWith('k-'))).toEqual(ids.map(id).sort());

        // The keyed triggers, then the way back.
        await db.query("update video set title = 'Wombat' where id = ?", [id('z1')]);
        await db.query('delete from video where id = ?', [id('c1')]);
        await db.query('delete from media where id = ?', [id('c1')]);
        expect(await search('wombat')).toEqual([id('z1')]);
        expect((await search('cafe')).filter((found) => found.startsWith('k-'))).toEqual([id('z2')]);
        const changed = await indexed();
        expect(changed).toHaveLength(CORPUS.length - 1);
        await downThrough(orm, KEYED_SEARCH_MIGRATION);
        expect(await indexed()).toEqual(changed);
        await migrateUp(orm);
        expect(await indexed()).toEqual(changed);
      });
    });
  });
});
