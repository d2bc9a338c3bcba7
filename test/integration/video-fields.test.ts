import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp, openOrm, parseDbSpec, VideoEntity } from '../../src/index.js';
import { VIDEO_FIELD_KEYS } from '../../src/storage/entities/video.fields.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';

describe.each(BACKENDS)('the video entity from its field table on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    beforeAll(async () => {
      db = await create();
      const orm = await openOrm(parseDbSpec(db.spec), { migrations: true, create: true });
      await migrateUp(orm);
      await orm.close();
    });
    afterAll(async () => db?.cleanup());

    it('maps every field to a nullable varchar of its name, keyed to media', async () => {
      const orm = await openOrm(parseDbSpec(db.spec));
      try {
        const meta = orm.getMetadata().get(VideoEntity.name);
        expect(meta.tableName).toBe('video');
        expect(meta.primaryKeys).toEqual(['media']);
        for (const key of VIDEO_FIELD_KEYS) expect((meta.properties as Record<string, unknown>)[key]).toMatchObject({ fieldNames: [key], nullable: true, columnTypes: ['varchar'] });
      } finally {
        await orm.close();
      }
    });

    it('the entities and the migrations agree (migrate check)', async () => {
      expect(await runInProcess(['--db', db.spec, 'migrate', 'check'])).toMatchObject({ code: 0 });
    });
  });
});
