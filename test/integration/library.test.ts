import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSessions,
  getSession,
  MediaEntity,
  MediaIdAlreadyExistsError,
  MediaRepository,
  NotFoundError,
  parseDbSpec,
  ValidationError,
  VideoEntity,
  VideoRepository,
} from '../../src/index.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';

describe.each(BACKENDS)('the library on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    beforeAll(async () => {
      db = await create();
      expect((await runInProcess(['--db', db.spec, 'init'])).code).toBe(0);
    });
    afterAll(async () => {
      await closeSessions();
      await db?.cleanup();
    });

    it('getSession + VideoRepository.save writes media and video in one unit of work', async () => {
      const session = await getSession(parseDbSpec(db.spec));
      const videos = new VideoRepository(session);
      const { mediaId } = await videos.save({ url: 'https://example.com/lib.mp4', title: 'Lib', description: 'From code' });
      expect(await videos.getMetadata(mediaId)).toEqual({ title: 'Lib', description: 'From code' });
      expect(await db.query('select media_type from media where id = ?', [mediaId])).toEqual([{ media_type: 'video' }]);
      const media = new MediaRepository(await getSession(parseDbSpec(db.spec)));
      expect(await media.checkMediaExists(mediaId)).toBe(true);
      expect(await media.checkMediaExists('nope')).toBe(false);
      expect((await media.read(mediaId)).mediaType).toBe('video');
    });

    it('a duplicate id raises MediaIdAlreadyExistsError from the unique constraint', async () => {
      const videos = new VideoRepository(await getSession(parseDbSpec(db.spec)));
      await videos.save({ path: '/lib/dup.mp4', id: 'lib-dup' });
      await expect(videos.save({ path: '/lib/other.mp4', id: 'lib-dup' })).rejects.toBeInstanceOf(MediaIdAlreadyExistsError);
      expect(await db.query('select path from video where id = ?', ['lib-dup'])).toEqual([{ path: '/lib/dup.mp4' }]);
    });

    it('invalid input raises ValidationError and writes nothing', async () => {
      const videos = new VideoRepository(await getSession(parseDbSpec(db.spec)));
      const before = await db.query('select count(*) as n from media');
      await expect(videos.save({ title: 'no source' })).rejects.toBeInstanceOf(ValidationError);
      expect(await db.query('select count(*) as n from media')).toEqual(before);
    });

    it('read, exists, delete and createMany', async () => {
      const em = await getSession(parseDbSpec(db.spec));
      const videos = new VideoRepository(em);
      const made = await videos.createMany(
        ['many-1', 'many-2'].map((id) => em.create(VideoEntity, { media: em.create(MediaEntity, { id, mediaType: 'video' }), path: `/m/${id}.mp4` })),
      );
      expect(made.map((v) => v.id)).toEqual(['many-1', 'many-2']);
      expect((await videos.read('many-1')).path).toBe('/m/many-1.mp4');
      expect(await videos.exists('many-2')).toBe(true);
      await videos.delete('many-2');
      expect(await videos.exists('many-2')).toBe(false);
      expect(await db.query("select id from media where id = 'many-2'")).toEqual([]);
      await expect(videos.read('many-2')).rejects.toBeInstanceOf(NotFoundError);
      await expect(videos.delete('many-2')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('list streams records in order', async () => {
      const videos = new VideoRepository(await getSession(parseDbSpec(db.spec)));
      const ids: string[] = [];
      for await (const record of videos.list({ pageSize: 2 })) ids.push(record.id);
      const expected = (await db.query<{ id: string }>("select id from media where media_type = 'video' order by created_at, id")).map((r) => r.id);
      expect(ids).toEqual(expected);
      expect(ids.length).toBeGreaterThanOrEqual(3);
    });
  });
});
