import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { runInProcess } from '../helpers/run.js';

const ndjson = (...records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe.each(BACKENDS)('extended videos (duration and status) on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const db = useCatalog(create, { emptyEach: true });
    const cli = (...args: string[]) => runInProcess(['--db', db().spec, ...args]);
    const ok = async (...args: string[]) => {
      const result = await cli(...args);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    const json = async (...args: string[]) => JSON.parse(await ok(...args, '--format', 'json')) as Record<string, unknown>;
    const ids = async (...args: string[]) => (await ok(...args, '--format', 'ids')).split('\n').filter(Boolean);
    const extendedRows = () => db().query<{ id: string; duration: number; status: string }>('select id, duration, status from extended_video order by id');
    const mediaTypes = () => db().query<{ id: string; media_type: string }>('select id, media_type from media order by id');

    it('add --duration writes the three rows as Aana does (status CREATED by default) and every format shows duration and status', async () => {
      expect(await ok('video', 'add', '--path', '/a.mp4', '--id', 'ext', '--duration', '5400.25')).toBe('ext\n');
      expect(await ok('video', 'add', '--path', '/r.mp4', '--id', 'run', '--duration', '0', '--status', 'running')).toBe('run\n');
      await ok('video', 'add', '--path', '/p.mp4', '--id', 'plain');
      expect(await mediaTypes()).toEqual([
        { id: 'ext', media_type: 'extended_video' },
        { id: 'plain', media_type: 'video' },
        { id: 'run', media_type: 'extended_video' },
      ]);
      expect((await extendedRows()).map((r) => ({ ...r, duration: Number(r.duration) }))).toEqual([
        { id: 'ext', duration: 5400.25, status: 'CREATED' },
        { id: 'run', duration: 0, status: 'RUNNING' },
      ]);
      expect(await json('video', 'get', 'ext')).toMatchObject({ id: 'ext', path: '/a.mp4', duration: 5400.25, status: 'created' });
      expect(await json('video', 'get', 'plain')).toMatchObject({ id: 'plain', duration: null, status: null });
      expect(await ok('video', 'get', 'run')).toMatch(/\nduration: +0\nstatus: +running\n/);
      expect(await ok('video', 'get', 'run', '--format', 'tsv', '--fields', 'id,duration,status')).toBe('id\tduration\tstatus\nrun\t0\trunning\n');
      expect(await ok('video', 'list', '--format', 'csv', '--fields', 'id,duration,status', '--sort', 'id')).toBe('id,duration,status\next,5400.25,created\nplain,,\nrun,0,running\n');
      const added = JSON.parse(await ok('video', 'add', '--path', '/j.mp4', '--id', 'j', '--duration', '1e-7', '--format', 'json')) as Record<string, unknown>;
      expect(added).toMatchObject({ duration: 1e-7, status: 'created' });
      expect(await ok('video', 'count')).toBe('4\n');
      expect(await ok('media', 'list', '--format', 'csv')).toMatch(/\next,extended_video,/);
    });

    it('a status without a duration, on add or on a plain video, exits 2 and writes nothing', async () => {
      const refused = await cli('video', 'add', '--path', '/x.mp4', '--status', 'running');
      expect(refused).toMatchObject({ code: 2, stdout: '' });
      expect(refused.stderr).toMatch(/^error: status: needs a duration/);
      expect(await mediaTypes()).toEqual([]);
    });

    it('update --duration turns a plain video into an extended one (status created); --status changes it; updated_at moves', async () => {
      await ok('video', 'add', '--path', '/p.mp4', '--id', 'p', '--title', 'T');
      const before = await json('video', 'get', 'p');
      const promoted = JSON.parse(await ok('video', 'update', 'p', '--duration', '93.5', '--format', 'json')) as Record<string, unknown>;
      expect(promoted).toMatchObject({ id: 'p', title: 'T', duration: 93.5, status: 'created' });
      expect(promoted.updated_at).not.toBe(before.updated_at);
      expect(await mediaTypes()).toEqual([{ id: 'p', media_type: 'extended_video' }]);
      expect(await ok('video', 'update', 'p', '--status', 'completed', '--duration', '94')).toBe('p\n');
      expect(await json('video', 'get', 'p')).toMatchObject({ duration: 94, status: 'completed', title: 'T' });
      const unset = await cli('video', 'update', 'p', '--unset', 'duration');
      expect(unset.code).toBe(2);
      expect(await extendedRows()).toEqual([{ id: 'p', duration: 94, status: 'COMPLETED' }]);
    });

    it('video status prints and sets the status; unknown ids exit 3, plain videos exit 2', async () => {
      await ok('video', 'add', '--path', '/e.mp4', '--id', 'e', '--duration', '10');
      await ok('video', 'add', '--path', '/p.mp4', '--id', 'p');
      expect(await ok('video', 'status', 'e')).toBe('created\n');
      expect(await ok('video', 'status', 'e', 'running')).toBe('e\n');
      expect(await ok('video', 'status', 'e')).toBe('running\n');
      // Choices take any case, as every choice does.
      expect(await ok('video', 'status', 'e', 'FAILED')).toBe('e\n');
      expect(await extendedRows()).toEqual([{ id: 'e', duration: 10, status: 'FAILED' }]);
      expect(await cli('video', 'status', 'nope')).toMatchObject({ code: 3, stdout: '' });
      expect(await cli('video', 'status', 'nope', 'running')).toMatchObject({ code: 3, stdout: '' });
      const plain = await cli('video', 'status', 'p');
      expect(plain).toMatchObject({ code: 2, stdout: '' });
      expect(plain.stderr).toMatch(/plain video and has no status: give it a duration \(video update p --duration SECONDS\)/);
    });

    it('list and count filter on --status and an inclusive --min-duration/--max-duration; search finds extended videos', async () => {
      await ok('video', 'add', '--path', '/a', '--id', 'a', '--duration', '10', '--title', 'keynote alpha');
      await ok('video', 'add', '--path', '/b', '--id', 'b', '--duration', '20', '--status', 'running', '--title', 'keynote beta');
      await ok('video', 'add', '--path', '/c', '--id', 'c', '--duration', '30', '--status', 'completed');
      await ok('video', 'add', '--path', '/d', '--id', 'd', '--title', 'keynote plain');
      expect(await ids('video', 'list', '--status', 'running')).toEqual(['b']);
      expect(await ids('video', 'list', '--min-duration', '20')).toEqual(['b', 'c']);
      expect(await ids('video', 'list', '--max-duration', '20')).toEqual(['a', 'b']);
      expect(await ids('video', 'list', '--min-duration', '10', '--max-duration', '10')).toEqual(['a']);
      expect(await ok('video', 'count', '--min-duration', '0')).toBe('3\n');
      expect(await ok('video', 'count', '--status', 'completed', '--max-duration', '29.999')).toBe('0\n');
      expect(await ids('video', 'list', '--title', 'keynote', '--status', 'created')).toEqual(['a']);
      expect((await ids('video', 'search', 'keynote')).sort()).toEqual(['a', 'b', 'd']);
      const found = JSON.parse(`[${(await ok('video', 'search', 'beta', '--format', 'ndjson')).trim()}]`) as Array<Record<string, unknown>>;
      expect(found).toMatchObject([{ id: 'b', duration: 20, status: 'running' }]);
    });

    it('--sort duration pages by keyset exactly as one listing, in both directions, plain videos where the database puts nulls', async () => {
      const durations = [5, 1.5, 5, 0, 3e10, 5, 0.25];
      for (const [i, d] of durations.entries()) await ok('video', 'add', '--path', `/${i}`, '--id', `x${i}`, '--duration', String(d));
      for (const i of [0, 1]) await ok('video', 'add', '--path', `/p${i}`, '--id', `p${i}`);
      for (const dir of ['asc', 'desc']) {
        const all = await ids('video', 'list', '--sort', `duration:${dir}`);
        const paged: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await ids('video', 'list', '--sort', `duration:${dir}`, '--limit', '2', ...(after ? ['--after', after] : []));
          if (page.length === 0) break;
          paged.push(...page);
          after = page[page.length - 1];
        }
        expect(paged).toEqual(all);
        expect(all).toHaveLength(9);
        const extendedOrder = all.filter((id) => id.startsWith('x')).map((id) => durations[Number(id.slice(1))]);
        expect(extendedOrder).toEqual([...extendedOrder].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
      }
    });

    it('video delete removes an extended video with its transcripts and captions, in one transaction', async () => {
      await ok('video', 'add', '--path', '/e.mp4', '--id', 'gone', '--duration', '60');
      await ok('video', 'add', '--path', '/k.mp4', '--id', 'kept', '--duration', '60');
      const q = (sql: string) => db().query(sql);
      for (const [id, media] of [
        [901, 'gone'],
        [902, 'kept'],
      ] as const) {
        await q(`insert into transcript (id, model, transcript, segments, language, language_confidence, transcript_type) values (${id}, 'whisper', 'hello', '[]', 'en', 0.9, 'extended_video_transcript')`);
        await q(`insert into extended_video_transcript (id, media_id) values (${id}, '${media}')`);
        await q(`insert into caption (id, model, frame_id, caption, timestamp, caption_type) values (${id}, 'blip', 0, 'a cat', 0.5, 'extended_video_caption')`);
        await q(`insert into extended_video_caption (id, media_id) values (${id}, '${media}')`);
      }
      const deleted = await cli('video', 'delete', 'gone');
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(await q('select id from transcript order by id')).toEqual([{ id: 902 }]);
      expect(await q('select id, media_id from extended_video_transcript')).toEqual([{ id: 902, media_id: 'kept' }]);
      expect(await q('select id from caption order by id')).toEqual([{ id: 902 }]);
      expect(await q('select media_id from extended_video_caption')).toEqual([{ media_id: 'kept' }]);
      expect((await extendedRows()).map((r) => r.id)).toEqual(['kept']);
      expect(await mediaTypes()).toEqual([{ id: 'kept', media_type: 'extended_video' }]);
    });

    it('reads rows as the Aana SDK writes them (member names), and a status it cannot read is an error naming the row', async () => {
      const q = (sql: string) => db().query(sql);
      await q("insert into media (id, media_type, created_at, updated_at) values ('aana', 'extended_video', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      await q("insert into video (id, path, title) values ('aana', '/aana.mp4', 'From Aana')");
      await q(`insert into extended_video (id, duration, status) values ('aana', 12.75, 'COMPLETED')`);
      expect(await json('video', 'get', 'aana')).toMatchObject({ title: 'From Aana', duration: 12.75, status: 'completed' });
      expect(await ok('video', 'status', 'aana')).toBe('completed\n');
      expect(await ids('video', 'list', '--status', 'completed')).toEqual(['aana']);
      if (kind === 'sqlite') {
        // SQLite has no enum to stop a lower-case value; Aana would not read it, so neither does aana-store.
        await q("update extended_video set status = 'completed' where id = 'aana'");
        const get = await cli('video', 'get', 'aana');
        expect(get.code).toBe(1);
        expect(get.stderr).toMatch(/status: not a video status: "completed"/);
      }
    });

    it('import makes records with a duration extended videos and updates them as video update does', async () => {
      const first = ndjson({ id: 'e1', path: '/e1', duration: 1.5 }, { id: 'e2', path: '/e2', duration: 2, status: 'failed' }, { id: 'p1', path: '/p1' });
      expect((await runInProcess(['--db', db().spec, 'video', 'import', '-'], { input: first })).code).toBe(0);
      expect(await extendedRows()).toEqual([
        { id: 'e1', duration: 1.5, status: 'CREATED' },
        { id: 'e2', duration: 2, status: 'FAILED' },
      ]);
      const importing = (input: string, ...args: string[]) => runInProcess(['--db', db().spec, 'video', 'import', '-', '--report', 'json', ...args], { input });
      // A record without a status keeps the stored one; a plain video given a duration becomes an extended video, status created.
      const update = await importing(ndjson({ id: 'e1', path: '/e1', duration: 1.5 }, { id: 'e2', path: '/e2', duration: 3 }, { id: 'p1', path: '/p1', duration: 4 }), '--on-conflict', 'update');
      expect(update.code, update.stderr).toBe(0);
      expect(JSON.parse(update.stdout)).toMatchObject({ inserted: 0, updated: 2, unchanged: 1 });
      expect(await extendedRows()).toEqual([
        { id: 'e1', duration: 1.5, status: 'CREATED' },
        { id: 'e2', duration: 3, status: 'FAILED' },
        { id: 'p1', duration: 4, status: 'CREATED' },
      ]);
      expect(await mediaTypes()).toEqual(['e1', 'e2', 'p1'].map((id) => ({ id, media_type: 'extended_video' })));
      const status = await importing(ndjson({ id: 'e1', path: '/e1', duration: 1.5, status: 'running' }), '--on-conflict', 'update');
      expect(JSON.parse(status.stdout)).toMatchObject({ updated: 1 });
      const skip = await importing(ndjson({ id: 'e1', path: '/e1', duration: 99, status: 'failed' }, { id: 'n1', path: '/n1', duration: 7 }), '--on-conflict', 'skip');
      expect(JSON.parse(skip.stdout)).toMatchObject({ inserted: 1, skipped: 1 });
      expect(await extendedRows()).toEqual([
        { id: 'e1', duration: 1.5, status: 'RUNNING' },
        { id: 'e2', duration: 3, status: 'FAILED' },
        { id: 'n1', duration: 7, status: 'CREATED' },
        { id: 'p1', duration: 4, status: 'CREATED' },
      ]);
      // A CSV cell holds the duration as text.
      const csv = await runInProcess(['--db', db().spec, 'video', 'import', '-', '--format', 'csv'], { input: 'id,path,duration,status\nc1,/c1,0.125,completed\nc2,/c2,,\n' });
      expect(csv.code, csv.stderr).toBe(0);
      expect(await json('video', 'get', 'c1')).toMatchObject({ duration: 0.125, status: 'completed' });
      expect(await json('video', 'get', 'c2')).toMatchObject({ duration: null, status: null });
    });
  });
});
