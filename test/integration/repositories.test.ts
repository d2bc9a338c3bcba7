// The Aana SDK's repository tests (aana/tests/db/datastore), ported, and the unit-of-work rules they imply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSessions,
  getSession,
  MediaEntity,
  MediaIdAlreadyExistsError,
  MediaRepository,
  migrateUp,
  NotFoundError,
  openOrm,
  parseDbSpec,
  type StoreEntityManager,
  VideoEntity,
  VideoRepository,
} from '../../src/index.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';

describe.each(BACKENDS)('repositories on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const session = (): Promise<StoreEntityManager> => getSession(parseDbSpec(db.spec));
    const rows = (table: 'media' | 'video', id: string) => db.query(`select id from ${table} where id = ?`, [id]);

    beforeAll(async () => {
      db = await create();
      const orm = await openOrm(parseDbSpec(db.spec), { migrations: true, create: true });
      await migrateUp(orm);
      await orm.close();
    });
    afterAll(async () => {
      await closeSessions();
      await db?.cleanup();
    });

    it('test_save_video: save, read, a second save is MediaIdAlreadyExistsError, delete, read is NotFoundError', async () => {
      const videos = new VideoRepository(await session());
      await videos.save({ id: 'aana-save', path: '/squirrel.mp4' });
      expect((await videos.read('aana-save')).id).toBe('aana-save');
      await expect(videos.save({ id: 'aana-save', path: '/squirrel.mp4' })).rejects.toBeInstanceOf(MediaIdAlreadyExistsError);
      await videos.delete('aana-save');
      await expect(videos.read('aana-save')).rejects.toBeInstanceOf(NotFoundError);
      expect(await rows('media', 'aana-save')).toEqual([]);
    });

    it('test_get_metadata: metadata of a saved video, NotFoundError once deleted', async () => {
      const videos = new VideoRepository(await session());
      await videos.save({ id: 'aana-meta', path: '/squirrel.mp4', title: 'Squirrel' });
      expect(await videos.getMetadata('aana-meta')).toEqual({ title: 'Squirrel', description: null });
      await videos.delete('aana-meta');
      await expect(videos.getMetadata('aana-meta')).rejects.toBeInstanceOf(NotFoundError);
    });

    it("MediaRepository.delete of a video's id deletes the video with its media, as Aana's joined inheritance does", async () => {
      const em = await session();
      await new VideoRepository(em).save({ id: 'media-del', url: 'https://example.com/v.mp4' });
      const deleted = await new MediaRepository(em).delete('media-del');
      expect(deleted.id).toBe('media-del');
      expect(await rows('video', 'media-del')).toEqual([]);
      expect(await rows('media', 'media-del')).toEqual([]);
      // A fresh session sees it gone too.
      expect(await new MediaRepository(await session()).read('media-del', { check: false })).toBeNull();
    });

    it('MediaRepository.delete of media without a kind table deletes the media row', async () => {
      const em = await session();
      await new MediaRepository(em).create(em.create(MediaEntity, { id: 'bare-media', mediaType: 'audio' }));
      await new MediaRepository(em).delete('bare-media');
      expect(await rows('media', 'bare-media')).toEqual([]);
    });

    it('after MediaIdAlreadyExistsError, what the session loaded stays managed: a later change flushes', async () => {
      const em = await session();
      const videos = new VideoRepository(em);
      await videos.save({ id: 'uow-kept', path: '/kept.mp4', title: 'before' });
      await videos.save({ id: 'uow-dup', path: '/dup.mp4' });
      const loaded = await videos.read('uow-kept');
      await expect(videos.save({ id: 'uow-dup', path: '/other.mp4' })).rejects.toBeInstanceOf(MediaIdAlreadyExistsError);
      loaded.title = 'after';
      await em.flush();
      expect(await db.query('select title from video where id = ?', ['uow-kept'])).toEqual([{ title: 'after' }]);
      // The failed entities left the unit of work: the next flush does not insert them again.
      await videos.save({ id: 'uow-next', path: '/next.mp4' });
      expect(await db.query('select path from video where id = ?', ['uow-dup'])).toEqual([{ path: '/dup.mp4' }]);
    });

    it('a duplicate of an id this session loaded leaves the loaded entity in the identity map', async () => {
      const em = await session();
      const videos = new VideoRepository(em);
      await videos.save({ id: 'uow-same', path: '/same.mp4' });
      const loaded = await videos.read('uow-same');
      await expect(videos.save({ id: 'uow-same', path: '/again.mp4' })).rejects.toBeInstanceOf(MediaIdAlreadyExistsError);
      expect(await videos.read('uow-same')).toBe(loaded);
      loaded.path = '/changed.mp4';
      await em.flush();
      expect(await db.query('select path from video where id = ?', ['uow-same'])).toEqual([{ path: '/changed.mp4' }]);
    });

    it("read and delete with { check: false } return null for an unknown id, as Aana's check=False", async () => {
      const em = await session();
      for (const repo of [new MediaRepository(em), new VideoRepository(em)]) {
        expect(await repo.read('no-such-id', { check: false })).toBeNull();
        expect(await repo.delete('no-such-id', { check: false })).toBeNull();
        await expect(repo.read('no-such-id')).rejects.toBeInstanceOf(NotFoundError);
        await expect(repo.delete('no-such-id', { check: true })).rejects.toBeInstanceOf(NotFoundError);
      }
      const found: VideoEntity | null = await new VideoRepository(em).read('uow-kept', { check: false });
      expect(found?.path).toBe('/kept.mp4');
    });

    it("addOrMerge 'update' changes only the given fields of a stored video", async () => {
      const videos = new VideoRepository(await session());
      await videos.save({ id: 'merge-1', url: 'https://example.com/m.mp4', title: 'Old', description: 'Kept' });
      const { outcome } = await videos.addOrMerge({ id: 'merge-1', title: 'New' }, 'update');
      expect(outcome).toBe('updated');
      expect(await db.query('select url, path, title, description from video where id = ?', ['merge-1'])).toEqual([
        { url: 'https://example.com/m.mp4', path: null, title: 'New', description: 'Kept' },
      ]);
    });

    it('addOrMerge on an id taken by media of another kind is MediaIdAlreadyExistsError', async () => {
      const em = await session();
      await new MediaRepository(em).create(em.create(MediaEntity, { id: 'other-kind', mediaType: 'audio' }));
      for (const mode of ['ignore', 'update'] as const) {
        await expect(new VideoRepository(await session()).addOrMerge({ id: 'other-kind', path: '/x.mp4' }, mode)).rejects.toBeInstanceOf(MediaIdAlreadyExistsError);
      }
      expect(await rows('video', 'other-kind')).toEqual([]);
    });
  });
});
