import type { Migrator } from '@mikro-orm/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDbSpec } from '../../src/config/spec.js';
import { migrateDown } from '../../src/storage/migrator.js';
import { openOrm, type StoreEntityManager } from '../../src/storage/orm.js';
import { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';

describe.each(BACKENDS)('the search migration on a catalog that has rows, on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    beforeAll(async () => {
      db = await create();
    });
    afterAll(async () => db?.cleanup());

    it('refolds the rows already indexed, and reverts', async () => {
      const orm = await openOrm(parseDbSpec(db.spec), { migrations: true, create: true });
      try {
        await orm.getMigrator<Migrator>().up({ to: 'Migration20261127120000' });
        await db.query("insert into media (id, media_type) values ('z1', 'video'), ('s1', 'video')");
        await db.query("insert into video (id, path, title, description) values ('z1', '/v', 'Zürich', null), ('s1', '/v', 'Season 1', 'Café')");
        // Up to the fold migration only, so that it is the one `migrate down` reverts.
        expect((await orm.getMigrator<Migrator>().up({ to: 'Migration20261128000000' })).map((m) => m.name)).toEqual(['Migration20261128000000']);
        const search = async (q: string) => (await new VideoRepository(orm.em.fork() as StoreEntityManager).search(q)).map((r) => r.id);
        expect(await search('zurich')).toEqual(['z1']);
        expect(await search('season-1 cafe')).toEqual(['s1']);
        expect((await migrateDown(orm)).migrations).toEqual(['Migration20261128000000']);
        if (kind === 'postgresql') {
          expect(await db.query("select count(*)::int as n from pg_proc where proname like 'video_fts_%' and proname <> 'video_fts_refresh'")).toEqual([{ n: 0 }]);
          expect(await db.query("select document::text as d from video_fts where id = 'z1'")).toEqual([{ d: "'zürich':1A" }]);
        }
      } finally {
        await orm.close();
      }
    });
  });
});
