import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { baseEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(BACKENDS)('video commands on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);
    const count = async (table: string) => Number((await db.query<{ n: number | string }>(`select count(*) as n from ${table}`))[0].n);

    beforeAll(async () => {
      db = await create();
      const init = await cli('init');
      expect(init).toMatchObject({ code: 0, stdout: '' });
      expect(init.stderr).toMatch(/applied \d+ migration/);
    });
    afterAll(async () => db?.cleanup());

    it('add prints the new id alone and writes the media and video rows', async () => {
      const add = await cli('video', 'add', '--url', 'https://example.com/talk.mp4', '--title', 'Talk');
      expect(add.code).toBe(0);
      expect(add.stderr).toBe('');
      const id = add.stdout.trimEnd();
      expect(add.stdout).toBe(`${id}\n`);
      expect(id).toMatch(UUID_V4);
      const media = await db.query<{ media_type: string }>('select media_type from media where id = ?', [id]);
      expect(media).toEqual([{ media_type: 'video' }]);
      const video = await db.query('select url, path, title, description from video where id = ?', [id]);
      expect(video).toEqual([{ url: 'https://example.com/talk.mp4', path: null, title: 'Talk', description: null }]);
    });

    it('stores timestamps as the Aana SDK does', async () => {
      const id = (await cli('video', 'add', '--path', '/v/ts.mp4', '--id', 'ts-check')).stdout.trim();
      if (kind === 'sqlite') {
        const [row] = await db.query<{ created_at: string; t: string }>('select created_at, typeof(created_at) as t from media where id = ?', [id]);
        expect(row.t).toBe('text');
        expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      } else {
        const [row] = await db.query<{ type: string }>(
          "select data_type as type from information_schema.columns where table_name = 'media' and column_name = 'created_at'",
        );
        expect(row.type).toBe('timestamp with time zone');
      }
      const get = await cli('video', 'get', id, '--format', 'json');
      const record = JSON.parse(get.stdout) as Record<string, string>;
      expect(record.created_at).toMatch(ISO_UTC);
      expect(Math.abs(Date.parse(record.created_at) - Date.now())).toBeLessThan(60_000);
    });

    it('add --format json prints the whole record', async () => {
      const add = await cli('video', 'add', '--path', '/v/a.mp4', '--id', 'json-add', '--description', 'Desc', '--format', 'json');
      expect(add.code).toBe(0);
      const record = JSON.parse(add.stdout) as Record<string, unknown>;
      expect(Object.keys(record)).toEqual(['id', 'url', 'path', 'title', 'description', 'duration', 'status', 'created_at', 'updated_at']);
      expect(record).toMatchObject({ id: 'json-add', url: null, path: '/v/a.mp4', title: null, description: 'Desc' });
    });

    it('a duplicate id exits 4 and writes nothing', async () => {
      expect((await cli('video', 'add', '--path', '/v/dup.mp4', '--id', 'dup')).code).toBe(0);
      const before = await count('media');
      const again = await cli('video', 'add', '--url', 'https://example.com/other.mp4', '--id', 'dup');
      expect(again).toMatchObject({ code: 4, stdout: '', stderr: 'error: media already exists: "dup"\n' });
      expect(await count('media')).toBe(before);
      expect(await db.query('select path, url from video where id = ?', ['dup'])).toEqual([{ path: '/v/dup.mp4', url: null }]);
    });

    it.each([
      [['video', 'add', '--title', 'no source'], /^error: url: a video needs a url or a path\n$/],
      [['video', 'add', '--url', 'not-a-url'], /^error: url: "not-a-url" is not an absolute URL/],
      [['video', 'add', '--path', '/a', '--id', 'has space'], /^error: id: "has space" may contain only/],
      [['video', 'add', '--path', '/a', '--id', 'x'.repeat(37)], /^error: id: must be at most 36 characters, got 37\n$/],
      [['video', 'add', '--path', '/a', '--format', 'xml'], /^error: --format: unknown format "xml" \(one of id, json\)\n$/],
      [['video', 'list', '--limit', '-3'], /--limit/],
      [['video', 'list', '--limit', 'ten'], /^error: option '--limit <n>' argument 'ten' is invalid. must be a positive integer/],
      [['video', 'get', 'bad/id'], /^error: id: "bad\/id" may contain only letters/],
    ])('bad input %j exits 2 with one line and changes nothing', async (args, message) => {
      const before = await count('media');
      const result = await cli(...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(await count('media')).toBe(before);
    });

    it('get prints text or JSON; a missing id exits 3', async () => {
      await cli('video', 'add', '--url', 'https://example.com/g.mp4', '--id', 'get-me', '--title', 'Get me');
      const text = await cli('video', 'get', 'get-me');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^id: {10}get-me\nurl: {9}https:\/\/example.com\/g.mp4\npath:\ntitle: {7}Get me\ndescription:\nduration:\nstatus:\ncreated_at: {2}\S+\nupdated_at: {2}\S+\n$/);
      const json = JSON.parse((await cli('video', 'get', 'get-me', '--format', 'json')).stdout) as Record<string, unknown>;
      expect(json).toMatchObject({ id: 'get-me', title: 'Get me' });
      expect(json.created_at).toBe(json.updated_at);
      expect(await cli('video', 'get', 'nope')).toMatchObject({ code: 3, stdout: '', stderr: 'error: video not found: "nope"\n' });
    });

    it('`video add --on-conflict update` on a stored video with a url changes only the given fields', async () => {
      expect((await cli('video', 'add', '--id', 'merge-cli', '--url', 'https://example.com/m.mp4', '--title', 'Old', '--description', 'Kept')).code).toBe(0);
      const result = await cli('video', 'add', '--id', 'merge-cli', '--title', 'New', '--on-conflict', 'update');
      expect(result).toMatchObject({ code: 0, stdout: 'merge-cli\n', stderr: 'video merge-cli exists; updated\n' });
      expect(await db.query('select url, path, title, description from video where id = ?', ['merge-cli'])).toEqual([
        { url: 'https://example.com/m.mp4', path: null, title: 'New', description: 'Kept' },
      ]);
    });

    it('text with quotes, SQL and unicode is stored and read back verbatim', async () => {
      const title = `'; DROP TABLE media; -- "quoted" 🎬 naïve\ttab\nnewline`;
      const id = (await cli('video', 'add', '--path', '/v/hostile.mp4', '--title', title)).stdout.trim();
      const record = JSON.parse((await cli('video', 'get', id, '--format', 'json')).stdout) as Record<string, unknown>;
      expect(record.title).toBe(title);
      expect(await count('media')).toBeGreaterThan(0);
    });
  });
});

describe.each(BACKENDS)('video list on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);
    const TOTAL = 2500; // more than two pages of 1000
    const idOf = (i: number) => `v${String(i).padStart(5, '0')}`;

    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
      // Rows written directly, with timestamps chosen so that order by (created_at, id) is known:
      // pairs share a created_at, so the id breaks the tie.
      const ts = (i: number) => {
        const date = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000);
        return kind === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '000') : date.toISOString();
      };
      const order = Array.from({ length: TOTAL }, (_, i) => i).reverse(); // insert newest first
      for (let start = 0; start < order.length; start += 250) {
        const chunk = order.slice(start, start + 250);
        const mediaValues = chunk.map(() => "(?, 'video', ?, ?)").join(', ');
        await db.query(`insert into media (id, media_type, created_at, updated_at) values ${mediaValues}`, chunk.flatMap((i) => [idOf(i), ts(i), ts(i)]));
        const videoValues = chunk.map(() => '(?, ?, ?)').join(', ');
        await db.query(`insert into video (id, url, title) values ${videoValues}`, chunk.flatMap((i) => [idOf(i), `https://example.com/${i}.mp4`, `Video ${i}`]));
      }
      // Media of another type is not a video and must not be listed.
      await db.query("insert into media (id, media_type) values ('an-image', 'image')");
    });
    afterAll(async () => db?.cleanup());

    it('streams every video in (created_at, id) order as NDJSON when piped', async () => {
      const list = await cli('video', 'list');
      expect(list.code).toBe(0);
      expect(list.stderr).toBe('');
      const records = list.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; created_at: string });
      expect(records).toHaveLength(TOTAL);
      expect(records.map((r) => r.id)).toEqual(Array.from({ length: TOTAL }, (_, i) => idOf(i)));
      expect(records[3].created_at).toBe('2026-01-01T00:00:01.000Z');
    });

    it('--limit and --after page through the same order', async () => {
      const first = (await cli('video', 'list', '--limit', '3', '--format', 'ids')).stdout;
      expect(first).toBe('v00000\nv00001\nv00002\n');
      const next = (await cli('video', 'list', '--after', 'v00002', '--limit', '2', '--format', 'ids')).stdout;
      expect(next).toBe('v00003\nv00004\n');
      const across = (await cli('video', 'list', '--after', 'v00998', '--limit', '1004', '--format', 'ids')).stdout.trimEnd().split('\n');
      expect(across).toEqual(Array.from({ length: 1004 }, (_, i) => idOf(i + 999)));
      expect(await cli('video', 'list', '--after', 'missing')).toMatchObject({ code: 3, stderr: 'error: video not found: "missing"\n' });
    });

    it('prints csv, tsv, json and NUL-separated ids', async () => {
      const csv = (await cli('video', 'list', '--limit', '2', '--format', 'csv')).stdout.split('\n');
      expect(csv[0]).toBe('id,url,path,title,description,duration,status,created_at,updated_at');
      expect(csv[1]).toBe('v00000,https://example.com/0.mp4,,Video 0,,,,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z');
      const tsv = (await cli('video', 'list', '--limit', '1', '--format', 'tsv')).stdout;
      expect(tsv).toBe('id\turl\tpath\ttitle\tdescription\tduration\tstatus\tcreated_at\tupdated_at\nv00000\thttps://example.com/0.mp4\t\tVideo 0\t\t\t\t2026-01-01T00:00:00.000Z\t2026-01-01T00:00:00.000Z\n');
      const json = JSON.parse((await cli('video', 'list', '--limit', '2', '--format', 'json')).stdout) as Array<{ id: string }>;
      expect(json.map((r) => r.id)).toEqual(['v00000', 'v00001']);
      expect((await cli('video', 'list', '--limit', '2', '--format', 'ids', '-0')).stdout).toBe('v00000\0v00001\0');
    });

    it('a table has a header row and aligned columns', async () => {
      const table = (await cli('video', 'list', '--limit', '2', '--format', 'table')).stdout.split('\n');
      expect(table[0]).toMatch(/^id +url +path +title +description +duration +status +created_at +updated_at$/);
      expect(table[1].indexOf('https://')).toBe(table[0].indexOf('url'));
    });
  });
});

describe('a database without the schema', () => {
  it('tells the user to run init, on both kinds', async () => {
    for (const kind of BACKENDS.filter((b) => b.available)) {
      const db = await kind.create();
      try {
        if (db.kind === 'sqlite') {
          mkdirSync(dirname(db.spec), { recursive: true });
          await db.query('create table unrelated (x int)');
        }
        const list = await runInProcess(['--db', db.spec, 'video', 'list'], { env: baseEnv() });
        expect(list.code).toBe(1);
        expect(list.stdout).toBe('');
        expect(list.stderr).toMatch(/has no aana-store schema; run `aana-store init` first\n$/);
      } finally {
        await db.cleanup();
      }
    }
  });
});
