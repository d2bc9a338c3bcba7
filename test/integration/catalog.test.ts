import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeSessions, getSession, NotFoundError, parseDbSpec, ValidationError, VideoRepository } from '../../src/index.js';
import { SORT_FIELDS, type VideoFilter, type VideoSort } from '../../src/storage/repositories/video-query.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';

const N = 30;
const idOf = (i: number) => `c${String(i).padStart(2, '0')}`;
const BASE = Date.UTC(2026, 0, 1);
// Pairs share a created_at, so the id breaks ties; updated_at runs the other way.
const createdOf = (i: number) => new Date(BASE + Math.floor(i / 2) * 86_400_000);
const updatedOf = (i: number) => new Date(BASE + (N - i) * 3_600_000);
const titleOf = (i: number) => (i === 3 ? 'CATS Show' : i === 4 ? 'Sale 50% off_now' : i % 5 === 0 ? null : `title ${'abcd'[i % 4]}`);
const descriptionOf = (i: number) => (i % 3 === 0 ? `about cats and dogs ${i}` : `plain ${i}`);
const urlOf = (i: number) => (i % 2 === 0 ? `https://example.com/v/${i}.mp4` : null);
const pathOf = (i: number) => (i % 2 === 1 ? `/data/${i < 15 ? 'early' : 'late'}/${i}.mp4` : null);

describe.each(BACKENDS)('finding, changing and deleting videos on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });
    const repo = async () => new VideoRepository(await getSession(parseDbSpec(db.spec)));
    const ids = async (filter: VideoFilter = {}, sort?: VideoSort, pageSize?: number, after?: string) => {
      const out: string[] = [];
      for await (const record of (await repo()).list({ filter, sort, pageSize, after })) out.push(record.id);
      return out;
    };
    const ts = (date: Date) => (kind === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '000') : date.toISOString());

    beforeAll(async () => {
      db = await create();
      expect((await runInProcess(['--db', db.spec, 'init'])).code).toBe(0);
    });
    // Every test starts from the same rows, whatever the ones before it changed.
    beforeEach(async () => {
      await db.query('delete from video');
      await db.query('delete from media');
      const all = Array.from({ length: N }, (_, i) => i);
      await db.query(
        `insert into media (id, media_type, created_at, updated_at) values ${all.map(() => "(?, 'video', ?, ?)").join(', ')}`,
        all.flatMap((i) => [idOf(i), ts(createdOf(i)), ts(updatedOf(i))]),
      );
      await db.query(
        `insert into video (id, url, path, title, description) values ${all.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        all.flatMap((i) => [idOf(i), urlOf(i), pathOf(i), titleOf(i), descriptionOf(i)]),
      );
      await db.query("insert into media (id, media_type) values ('img-1', 'image')");
    });
    afterAll(async () => {
      await closeSessions();
      await db?.cleanup();
    });

    it('filters: case-insensitive substrings, globs, and a created_at range', async () => {
      expect(await ids({ title: 'cats' })).toEqual(['c03']);
      expect(await ids({ title: '50%' })).toEqual(['c04']);
      expect(await ids({ title: '_' })).toEqual(['c04']); // LIKE wildcards in the text are literal
      expect(await ids({ description: 'CATS AND' })).toEqual(Array.from({ length: 10 }, (_, k) => idOf(k * 3)));
      expect(await ids({ url: 'https://example.com/v/1?.mp4' })).toEqual(['c10', 'c12', 'c14', 'c16', 'c18']);
      expect(await ids({ path: '/data/early/*' })).toEqual(['c01', 'c03', 'c05', 'c07', 'c09', 'c11', 'c13']);
      expect(await ids({ path: '/data/[l]ate/2[13].mp4' })).toEqual(['c21', 'c23']);
      expect(await ids({ url: 'HTTPS://*' })).toEqual([]); // globs are case-sensitive
      expect(await ids({ since: createdOf(26), until: createdOf(28) })).toEqual(['c26', 'c27']);
      expect(await ids({ since: createdOf(20), title: 'title', path: '*' })).toEqual(['c21', 'c23', 'c27', 'c29']);
      expect(await (await repo()).count({ since: createdOf(20), title: 'title', path: '*' })).toBe(4);
      expect(await (await repo()).count()).toBe(N);
    });

    it('keyset paging under every sort returns exactly the one-query order, from any --after', async () => {
      for (const field of SORT_FIELDS) {
        for (const direction of ['asc', 'desc'] as const) {
          const sort = { field, direction };
          const whole = await ids({}, sort, 1000);
          expect(new Set(whole).size).toBe(N);
          expect(await ids({}, sort, 4)).toEqual(whole);
          for (const start of [0, 4, 5, 17]) expect(await ids({}, sort, 3, whole[start])).toEqual(whole.slice(start + 1));
          const filtered = await ids({ description: 'cats' }, sort, 1000);
          expect(await ids({ description: 'cats' }, sort, 2, filtered[1])).toEqual(filtered.slice(2));
        }
      }
    });

    it('sorts by the field, ties broken by id, NULLs where the database puts them', async () => {
      const byTitle = await ids({}, { field: 'title', direction: 'asc' });
      const nulls = ['c00', 'c05', 'c10', 'c15', 'c20', 'c25'];
      // SQLite puts NULLs first in ascending order, PostgreSQL last.
      if (kind === 'sqlite') expect(byTitle.slice(0, 6)).toEqual(nulls);
      else expect(byTitle.slice(-6)).toEqual(nulls);
      const titled = byTitle.filter((id) => !nulls.includes(id));
      expect(titled.slice(0, 2)).toEqual(['c03', 'c04']); // "CATS Show" < "Sale…" < "title a" in both collations
      expect(titled.slice(2, 7)).toEqual(['c08', 'c12', 'c16', 'c24', 'c28']); // "title a", by id
      expect(await ids({}, { field: 'updated_at', direction: 'asc' })).toEqual(Array.from({ length: N }, (_, i) => idOf(N - 1 - i)));
      expect(await ids({}, { field: 'created_at', direction: 'desc' })).toEqual(Array.from({ length: N }, (_, i) => idOf(N - 1 - i)));
    });

    it('search finds every word in title or description, title matches first, and follows changes', async () => {
      const videos = await repo();
      const cats = (await videos.search('cats')).map((r) => r.id);
      // The title match ranks first; the description matches follow in rank order.
      expect(cats[0]).toBe('c03');
      expect(cats.slice(1).sort()).toEqual([0, 6, 9, 12, 15, 18, 21, 24, 27].map(idOf));
      expect((await videos.search('cats', { limit: 3 })).map((r) => r.id)).toEqual(cats.slice(0, 3));
      expect((await videos.search('CATS dogs 21')).map((r) => r.id)).toEqual(['c21']);
      expect(await videos.search('nothing-like-this')).toEqual([]);
      await expect(videos.search('  -- ')).rejects.toBeInstanceOf(ValidationError);
      await db.query("update video set title = 'Zebra crossing' where id = 'c01'");
      await db.query("insert into media (id, media_type) values ('z-new', 'video')");
      await db.query("insert into video (id, path, description) values ('z-new', '/z', 'a zebra herd')");
      expect((await videos.search('zebra')).map((r) => r.id)).toEqual(['c01', 'z-new']);
      await db.query("delete from video where id = 'z-new'");
      await db.query("delete from media where id = 'z-new'");
      expect((await videos.search('zebra')).map((r) => r.id)).toEqual(['c01']);
      expect(Number((await db.query<{ n: number }>(`select count(*) as n from video_fts`))[0].n)).toBe(N);
    });

    it('update changes only the given fields, moves updated_at, and keeps a video valid', async () => {
      const videos = await repo();
      const before = await videos.read('c02');
      const entity = await videos.update('c02', { title: 'Renamed', description: null });
      expect(videos.toRecord(entity)).toMatchObject({ id: 'c02', title: 'Renamed', description: null, url: urlOf(2), path: null });
      expect(entity.media.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(entity.media.createdAt.getTime()).toBe(before.media.createdAt.getTime());
      await expect((await repo()).update('c02', { url: null })).rejects.toThrow('url: a video needs a url or a path');
      await expect((await repo()).update('nope', { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
      expect(await db.query('select title, description, url from video where id = ?', ['c02'])).toEqual([{ title: 'Renamed', description: null, url: urlOf(2) }]);
    });

    it('deleteMany removes video and media rows together, or nothing when an id is missing', async () => {
      await expect((await repo()).deleteMany(['c28', 'missing', 'img-1'])).rejects.toThrow('video not found: "missing", "img-1"');
      expect(await db.query("select id from media where id in ('c28', 'img-1') order by id")).toEqual([{ id: 'c28' }, { id: 'img-1' }]);
      expect(await (await repo()).deleteMany(['c28', 'c29', 'c28'], { dryRun: true })).toEqual(['c28', 'c29']);
      expect(await (await repo()).deleteMany(['c28', 'c29'])).toEqual(['c28', 'c29']);
      expect(await db.query("select id from media where id in ('c28', 'c29')")).toEqual([]);
      expect(await db.query("select id from video where id in ('c28', 'c29')")).toEqual([]);
    });

    it('the CLI: list with filters, sort and --after; count; exists; search; media', async () => {
      const [list, next, count, exists, missing, search, media, mediaGet, badSort] = await Promise.all([
        cli(['video', 'list', '--description', 'cats', '--sort', 'created_at:desc', '--limit', '3', '--format', 'ids']),
        cli(['video', 'list', '--description', 'cats', '--sort', 'created_at:desc', '--after', 'c24', '--limit', '2', '--format', 'csv', '--fields', 'id,description']),
        cli(['video', 'count', '--since', '2026-01-11', '--until', '2026-01-13T00:00:00Z']),
        cli(['video', 'exists', 'c07']),
        cli(['video', 'exists', 'img-1']),
        cli(['video', 'search', 'cats', 'dogs', '--limit', '1', '--format', 'tsv', '--fields', 'id,title']),
        cli(['media', 'list', '--type', 'image', '--format', 'ndjson']),
        cli(['media', 'get', 'c07', '--format', 'json', '--fields', 'id,media_type']),
        cli(['video', 'list', '--sort', 'colour']),
      ]);
      expect(list).toMatchObject({ code: 0, stdout: 'c27\nc24\nc21\n', stderr: '' });
      expect(next).toMatchObject({ code: 0, stdout: 'id,description\nc21,about cats and dogs 21\nc18,about cats and dogs 18\n' });
      expect(count).toMatchObject({ code: 0, stdout: '4\n', stderr: '' });
      expect(exists).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
      expect(missing).toEqual({ code: 3, signal: null, stdout: '', stderr: '' });
      expect(search).toMatchObject({ code: 0, stdout: 'id\ttitle\nc03\tCATS Show\n', stderr: '' });
      expect(JSON.parse(media.stdout)).toMatchObject({ id: 'img-1', media_type: 'image' });
      expect(media.stdout.split('\n')).toHaveLength(2);
      expect(JSON.parse(mediaGet.stdout)).toEqual({ id: 'c07', media_type: 'video' });
      expect(badSort.code).toBe(2);
      expect(badSort.stderr).toMatch(/^error: --sort: unknown field "colour" \(one of created_at, /);
    });

    it('the CLI: update, add --on-conflict, delete from stdin and --dry-run', async () => {
      const update = await cli(['video', 'update', 'c07', '--title', 'New title', '--unset', 'path', '--url', 'https://example.com/new.mp4', '--format', 'json']);
      expect(update.code).toBe(0);
      const record = JSON.parse(update.stdout) as Record<string, string>;
      expect(record).toMatchObject({ id: 'c07', title: 'New title', path: null, url: 'https://example.com/new.mp4', created_at: createdOf(7).toISOString() });
      expect(Date.parse(record.updated_at)).toBeGreaterThan(Date.now() - 60_000);
      const [nothing, both, ignored] = await Promise.all([
        cli(['video', 'update', 'c07']),
        cli(['video', 'update', 'c07', '--title', 'x', '--unset', 'title']),
        cli(['video', 'add', '--id', 'c08', '--path', '/ignored', '--on-conflict', 'ignore']),
      ]);
      expect(nothing).toMatchObject({ code: 2, stdout: '', stderr: 'error: nothing to change: give --title, --description, --url, --path, --duration, --status or --unset\n' });
      expect(both).toMatchObject({ code: 2, stderr: 'error: --unset title: cannot also set --title\n' });
      expect(ignored).toMatchObject({ code: 0, stdout: 'c08\n', stderr: 'video c08 exists; left unchanged\n' });
      const merged = await cli(['video', 'add', '--id', 'c08', '--path', '/merged', '--on-conflict', 'update']);
      expect(merged).toMatchObject({ code: 0, stdout: 'c08\n' });
      expect(await db.query('select url, path, title from video where id = ?', ['c08'])).toEqual([{ url: urlOf(8), path: '/merged', title: titleOf(8) }]);
      expect(await cli(['video', 'add', '--id', 'img-1', '--path', '/x', '--on-conflict', 'update'])).toMatchObject({ code: 4, stderr: 'error: media already exists: "img-1"\n' });

      const dry = await cli(['video', 'delete', 'c10', 'c11', '--dry-run']);
      expect(dry).toMatchObject({ code: 0, stdout: 'c10\nc11\n', stderr: 'Would delete 2 videos; nothing changed\n' });
      const [gone, bad] = await Promise.all([cli(['video', 'delete', '-'], 'c10\n\nc11\n'), cli(['video', 'delete', '-'], 'c12\nbad id\n')]);
      expect(gone).toMatchObject({ code: 0, stdout: '', stderr: 'Deleted 2 videos\n' });
      expect(bad).toMatchObject({ code: 2, stderr: 'error: stdin line 2: id: "bad id" may contain only letters, digits, "_" and "-"\n' });
      expect(await db.query("select id from media where id in ('c10', 'c11', 'c12')")).toEqual([{ id: 'c12' }]);
      expect(await cli(['video', 'delete', 'c12', 'c10'])).toMatchObject({ code: 3, stderr: 'error: video not found: "c10"\n' });
      expect(await db.query("select id from video where id = 'c12'")).toEqual([{ id: 'c12' }]);
    });
  });
});
