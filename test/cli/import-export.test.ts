import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { sqliteQuery } from '../helpers/sqlite.js';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.js';
import { VIDEO_STATUSES } from '../../src/storage/entities/video.fields.js';

const tmp = tempDir('aana-store-bulk-');
afterAll(() => tmp.cleanup());

let dbCounter = 0;
async function freshSqlite(): Promise<string> {
  const path = join(tmp.path, `catalog-${++dbCounter}.db`);
  const init = await runInProcess(['--db', path, 'init', '-q']);
  expect(init.code, init.stderr).toBe(0);
  return path;
}

const count = async (path: string) => (await sqliteQuery<{ n: number }>(path, 'select (select count(*) from media) + (select count(*) from video) as n'))[0].n;

interface StoredVideo {
  id: string;
  media_type: string;
  duration: number | null;
  status: string | null;
  created_at: string;
  updated_at: string;
  url: string | null;
  path: string | null;
  title: string | null;
  description: string | null;
}

const storedVideos = (path: string) =>
  sqliteQuery<StoredVideo>(
    path,
    'select m.id, m.media_type, m.created_at, m.updated_at, v.url, v.path, v.title, v.description, e.duration, e.status from media m join video v on v.id = m.id left join extended_video e on e.id = v.id order by m.id',
  );

const ndjson = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

/** Text that every format has to carry exactly. */
const AWKWARD = ['He said "hi", then left', 'comma, separated', 'two\nlines\r\nand more', 'tab\there', 'ünïcødé ✓ 東京 🎬', '', 'back\\slash \\N', ' padded ', '"', ',', 'null'];

/** Durations every database and format must carry exactly: the smallest and largest doubles, long fractions. */
const DURATIONS = [0, 0.1, 1e-7, 5e-324, 1.7976931348623157e308, 12345.678901234567, 3600, 2.5e21, 1 / 3];

function awkwardVideo(i: number) {
  const at = new Date(Date.UTC(2023, 4, 1) + i * 1234).toISOString();
  return {
    id: `vid-${String(i).padStart(6, '0')}`,
    url: i % 3 === 0 ? null : `https://example.com/v/${i}.mp4?a=1&b=${i}`,
    path: i % 3 === 0 ? `/data/${AWKWARD[i % AWKWARD.length]}/${i}.mp4` : null,
    title: i % 7 === 0 ? null : i % 11 === 0 ? '' : `${AWKWARD[i % AWKWARD.length]} #${i}`,
    description: i % 5 === 0 ? null : AWKWARD[(i * 3) % AWKWARD.length],
    // Every fourth one an extended video, with durations at the edges of a double.
    duration: i % 4 === 1 ? DURATIONS[i % DURATIONS.length] : null,
    status: i % 4 === 1 ? VIDEO_STATUSES[(i >> 2) % VIDEO_STATUSES.length] : null,
    created_at: at,
    updated_at: new Date(Date.parse(at) + 5000).toISOString(),
  };
}

describe('video import on SQLite', () => {
  it('imports NDJSON from stdin into media and video rows, keeping given timestamps', async () => {
    const db = await freshSqlite();
    const input = ndjson([
      { id: 'a1', url: 'https://example.com/a.mp4', title: 'A "quoted", title', description: '', created_at: '2020-01-02T03:04:05.678Z', updated_at: '2021-01-01T00:00:00.000Z' },
      { id: 'a2', path: '/videos/b.mp4', title: null },
    ]);
    const result = await runInProcess(['--db', db, 'video', 'import', '-'], { input });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^inserted 2, updated 0, unchanged 0, skipped 0, invalid 0 in \d+\.\d s\n$/);
    const rows = await storedVideos(db);
    expect(rows.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(rows[0]).toMatchObject({ media_type: 'video', created_at: '2020-01-02 03:04:05.678000', updated_at: '2021-01-01 00:00:00.000000', title: 'A "quoted", title', description: '', path: null });
    expect(rows[1]).toMatchObject({ url: null, path: '/videos/b.mp4', title: null, description: null });
    expect(rows[1].created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('stops at an invalid record with its line and field, exit 2, and writes nothing', async () => {
    const db = await freshSqlite();
    const input = ndjson([{ id: 'ok1', url: 'https://example.com/1' }, { id: 'ok2', url: 'https://example.com/2' }]) + '\n' + ndjson([{ id: 'bad', url: 'not a url' }]);
    const result = await runInProcess(['--db', db, 'video', 'import'], { input });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: line 4: url: "not a url" is not an absolute URL (scheme://…)\n');
    expect(await count(db)).toBe(0);

    const syntax = await runInProcess(['--db', db, 'video', 'import'], { input: '{"id":"x","url":"https://e.com"}\n{"id": oops}\n' });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^error: line 2: record: invalid JSON: /);
    const unknown = await runInProcess(['--db', db, 'video', 'import'], { input: '{"id":"x","url":"https://e.com","titel":"typo"}\n' });
    expect(unknown.stderr).toMatch(/^error: line 1: titel: unknown field/);
    const neither = await runInProcess(['--db', db, 'video', 'import'], { input: '{"id":"x","title":"t"}\n' });
    expect(neither.stderr).toBe('error: line 1: url: a video needs a url or a path\n');
    const when = await runInProcess(['--db', db, 'video', 'import'], { input: '{"id":"x","path":"/p","created_at":"yesterday"}\n' });
    expect(when.stderr).toBe('error: line 1: created_at: "yesterday" is not an ISO 8601 timestamp\n');
    expect(await count(db)).toBe(0);
  });

  it('with --skip-invalid reports every rejected line, imports the rest and counts both', async () => {
    const db = await freshSqlite();
    const input = ['{"id":"g1","url":"https://e.com/1"}', '{"id":"bad id","url":"https://e.com/2"}', 'not json', '{"id":"g2","path":"/p"}', '{"id":"g3"}'].join('\n');
    const result = await runInProcess(['--db', db, 'video', 'import', '--skip-invalid', '--report', 'json'], { input });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('invalid line 2: id: "bad id" may contain only letters, digits, "_" and "-"');
    expect(lines[1]).toMatch(/^invalid line 3: record: invalid JSON: /);
    expect(lines[2]).toBe('invalid line 5: url: a video needs a url or a path');
    expect(lines[3]).toMatch(/^inserted 2, updated 0, unchanged 0, skipped 0, invalid 3 in /);
    expect(JSON.parse(result.stdout)).toMatchObject({ records: 5, inserted: 2, updated: 0, unchanged: 0, skipped: 0, invalid: 3 });
    expect((await storedVideos(db)).map((r) => r.id)).toEqual(['g1', 'g2']);
  });

  it('handles conflicts: error (exit 4, nothing written), skip, and update', async () => {
    const db = await freshSqlite();
    const first = await runInProcess(['--db', db, 'video', 'import'], { input: ndjson([{ id: 'c1', url: 'https://e.com/1', title: 'one', created_at: '2020-01-01T00:00:00.000Z' }]) });
    expect(first.code, first.stderr).toBe(0);
    const batch = ndjson([
      { id: 'c0', url: 'https://e.com/0', title: 'zero' },
      { id: 'c1', url: 'https://e.com/1b', title: 'one again' },
      { id: 'c2', path: '/two', title: 'two' },
    ]);
    const clash = await runInProcess(['--db', db, 'video', 'import'], { input: batch });
    expect(clash.code).toBe(4);
    expect(clash.stderr).toBe('error: line 2: id: media already exists: "c1"\n');
    expect((await storedVideos(db)).map((r) => r.id)).toEqual(['c1']);

    const twice = await runInProcess(['--db', db, 'video', 'import'], { input: ndjson([{ id: 'd1', path: '/d' }, { id: 'd1', path: '/d2' }]) });
    expect(twice.code).toBe(4);
    expect(twice.stderr).toBe('error: line 2: id: media already exists: "d1"\n');

    const skip = await runInProcess(['--db', db, 'video', 'import', '--on-conflict', 'skip', '--report', 'json'], { input: batch });
    expect(skip.code, skip.stderr).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, skipped: 1 });
    let rows = await storedVideos(db);
    expect(rows.map((r) => [r.id, r.title])).toEqual([['c0', 'zero'], ['c1', 'one'], ['c2', 'two']]);

    const update = await runInProcess(['--db', db, 'video', 'import', '--on-conflict', 'update', '--report', 'json'], {
      input: ndjson([{ id: 'c1', path: '/one', title: 'one updated', updated_at: '2024-02-02T00:00:00.000Z' }, { id: 'c3', url: 'https://e.com/3' }]),
    });
    expect(update.code, update.stderr).toBe(0);
    expect(JSON.parse(update.stdout)).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, skipped: 0 });
    rows = await storedVideos(db);
    const c1 = rows.find((r) => r.id === 'c1');
    // Every field comes from the record; created_at, not given, is kept.
    expect(c1).toMatchObject({ url: null, path: '/one', title: 'one updated', description: null, created_at: '2020-01-01 00:00:00.000000', updated_at: '2024-02-02 00:00:00.000000' });
    expect(rows.map((r) => r.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('with --batch-size commits every N records, and a rerun with --on-conflict skip completes the import', async () => {
    const db = await freshSqlite();
    const good = Array.from({ length: 7 }, (_, i) => ({ id: `b${i}`, url: `https://e.com/${i}` }));
    const input = ndjson([...good.slice(0, 5), { id: 'broken', url: 'nope' }, ...good.slice(5)]);
    const batched = await runInProcess(['--db', db, 'video', 'import', '--batch-size', '2'], { input });
    expect(batched.code).toBe(2);
    expect(batched.stderr).toBe('error: line 6: url: "nope" is not an absolute URL (scheme://…)\n');
    // Two full batches of two are committed; the open batch (b4) is lost.
    expect((await storedVideos(db)).map((r) => r.id)).toEqual(['b0', 'b1', 'b2', 'b3']);

    const rerun = await runInProcess(['--db', db, 'video', 'import', '--batch-size', '2', '--on-conflict', 'skip'], { input: ndjson(good) });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/^inserted 3, updated 0, unchanged 0, skipped 4, invalid 0 in /);
    expect(await count(db)).toBe(14);

    const single = await freshSqlite();
    const whole = await runInProcess(['--db', single, 'video', 'import'], { input });
    expect(whole.code).toBe(2);
    expect(await count(single)).toBe(0);
  });

  it('reads CSV (empty field = null, "" = empty string) and JSON arrays from files, format from the extension', async () => {
    const db = await freshSqlite();
    const csv = join(tmp.path, 'in.csv');
    writeFileSync(csv, 'id,url,path,title,description\r\ncsv1,https://e.com/1,,"Title, with ""quotes""",""\r\ncsv2,,/p,"multi\nline",\r\n');
    const json = join(tmp.path, 'in.json');
    writeFileSync(json, `[\n  {"id": "json1", "path": "/j1", "title": "brackets ] and } in [text] {x}"},\n  {"id": "json2",\n   "url": "https://e.com/j2", "description": null}\n]\n`);
    expect((await runInProcess(['--db', db, 'video', 'import', csv])).code).toBe(0);
    expect((await runInProcess(['--db', db, 'video', 'import', json])).code).toBe(0);
    const rows = await storedVideos(db);
    expect(rows.map(({ id, url, path, title, description }) => ({ id, url, path, title, description }))).toEqual([
      { id: 'csv1', url: 'https://e.com/1', path: null, title: 'Title, with "quotes"', description: '' },
      { id: 'csv2', url: null, path: '/p', title: 'multi\nline', description: null },
      { id: 'json1', url: null, path: '/j1', title: 'brackets ] and } in [text] {x}', description: null },
      { id: 'json2', url: 'https://e.com/j2', path: null, title: null, description: null },
    ]);

    const badCsv = join(tmp.path, 'bad.csv');
    writeFileSync(badCsv, 'id,url\nx1,https://e.com\nx2,ftp://host/x\nx3,notaurl\n');
    const bad = await runInProcess(['--db', db, 'video', 'import', badCsv]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: line 4: url: "notaurl" is not an absolute URL (scheme://…)\n');
    const badJson = join(tmp.path, 'bad.json');
    writeFileSync(badJson, '[{"id":"y1","path":"/y"},\n{"id":"y2","path":5}]');
    const wrongType = await runInProcess(['--db', db, 'video', 'import', badJson]);
    expect(wrongType.stderr).toBe('error: line 2: path: must be a string, got number\n');
    expect(await count(db)).toBe(8);

    const unknownExt = await runInProcess(['--db', db, 'video', 'import', join(tmp.path, 'in.txt')]);
    expect(unknownExt.code).toBe(2);
    const stdinCsv = await runInProcess(['--db', db, 'video', 'import', '-', '--format', 'csv'], { input: 'id,path\ns1,/s\n' });
    expect(stdinCsv.code, stdinCsv.stderr).toBe(0);
    expect(await count(db)).toBe(10);
  });

  it('exports every format so that importing it back gives the same catalog', async () => {
    const source = await freshSqlite();
    const videos = Array.from({ length: 300 }, (_, i) => awkwardVideo(i));
    expect((await runInProcess(['--db', source, 'video', 'import'], { input: ndjson(videos) })).code).toBe(0);
    const expected = await storedVideos(source);
    for (const format of ['ndjson', 'csv', 'json']) {
      const file = join(tmp.path, `export.${format}`);
      const exported = await runInProcess(['--db', source, 'video', 'export', file]);
      expect(exported.code, exported.stderr).toBe(0);
      const target = await freshSqlite();
      const imported = await runInProcess(['--db', target, 'video', 'import', file]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(await storedVideos(target)).toEqual(expected);
    }
    const stdout = await runInProcess(['--db', source, 'video', 'export']);
    expect(stdout.stdout).toBe(readFileSync(join(tmp.path, 'export.ndjson'), 'utf8'));
    const list = await runInProcess(['--db', source, 'video', 'list', '--format', 'ndjson']);
    expect(list.stdout).toBe(stdout.stdout);
  });
});

describe.skipIf(!pgAvailable)('video import and export on PostgreSQL', () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase();
    const init = await runInProcess(['--db', pg.url, 'init', '-q']);
    expect(init.code, init.stderr).toBe(0);
  });
  afterAll(async () => {
    await pg?.drop();
  });

  const pgCount = async () => Number((await pg.query<{ n: string }>('select (select count(*) from media) + (select count(*) from video) as n'))[0].n);
  const reset = () => pg.query('delete from extended_video; delete from video; delete from media');

  it('round-trips 10,000 awkward videos SQLite → PostgreSQL → SQLite through export | import -', async () => {
    await reset();
    const source = await freshSqlite();
    const videos = Array.from({ length: 10_000 }, (_, i) => awkwardVideo(i));
    const loaded = await runInProcess(['--db', source, 'video', 'import'], { input: ndjson(videos) });
    expect(loaded.code, loaded.stderr).toBe(0);
    const exported = await runInProcess(['--db', source, 'video', 'export']);
    expect(exported.code).toBe(0);
    // What was imported comes out exactly (the export orders by created_at, as the input is).
    expect(exported.stdout).toBe(ndjson(videos));

    const toPg = await runInProcess(['--db', pg.url, 'video', 'import', '-'], { input: exported.stdout });
    expect(toPg.code, toPg.stderr).toBe(0);
    const sample = await pg.query<{ title: string | null; description: string | null; created: string }>(
      `select v.title, v.description, to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created from media m join video v on v.id = m.id where m.id = 'vid-000008'`,
    );
    expect(sample[0]).toEqual({ title: videos[8].title, description: videos[8].description, created: videos[8].created_at });
    const fromPg = await runInProcess(['--db', pg.url, 'video', 'export']);
    expect(fromPg.stdout).toBe(exported.stdout);

    const back = await freshSqlite();
    const toSqlite = await runInProcess(['--db', back, 'video', 'import', '-'], { input: fromPg.stdout });
    expect(toSqlite.code, toSqlite.stderr).toBe(0);
    expect(await storedVideos(back)).toEqual(await storedVideos(source));
  });

  it('stops at an invalid record or a conflict with nothing written, and skips or updates on request', async () => {
    await reset();
    const seed = await runInProcess(['--db', pg.url, 'video', 'import'], { input: ndjson([{ id: 'p1', url: 'https://e.com/1', title: 'one', created_at: '2020-01-01T00:00:00.000Z' }]) });
    expect(seed.code, seed.stderr).toBe(0);
    const invalid = await runInProcess(['--db', pg.url, 'video', 'import'], { input: ndjson([{ id: 'p2', path: '/2' }, { id: 'p3', path: '' }]) });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe('error: line 2: path: must not be empty\n');
    expect(await pgCount()).toBe(2);

    const batch = ndjson([{ id: 'p0', path: '/0' }, { id: 'p1', path: '/1', title: 'one again' }]);
    const clash = await runInProcess(['--db', pg.url, 'video', 'import'], { input: batch });
    expect(clash.code).toBe(4);
    expect(clash.stderr).toBe('error: line 2: id: media already exists: "p1"\n');
    expect(await pgCount()).toBe(2);

    const skip = await runInProcess(['--db', pg.url, 'video', 'import', '--on-conflict', 'skip', '--report', 'json'], { input: batch });
    expect(JSON.parse(skip.stdout)).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, skipped: 1 });
    expect((await pg.query('select title from video where id = $1', ['p1']))[0]).toEqual({ title: 'one' });

    const update = await runInProcess(['--db', pg.url, 'video', 'import', '--on-conflict', 'update', '--report', 'json'], { input: batch });
    expect(JSON.parse(update.stdout)).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, skipped: 0 });
    const p1 = await pg.query<{ title: string; url: string | null; path: string; created: string }>(
      `select v.title, v.url, v.path, to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as created from video v join media m on m.id = v.id where v.id = 'p1'`,
    );
    expect(p1[0]).toEqual({ title: 'one again', url: null, path: '/1', created: '2020-01-01' });

    const batched = await runInProcess(['--db', pg.url, 'video', 'import', '--batch-size', '2', '--on-conflict', 'skip'], {
      input: ndjson([{ id: 'q1', path: '/q1' }, { id: 'q2', path: '/q2' }, { id: 'q3', path: '/q3' }, { id: 'q4', path: 'bad\u0000' }]),
    });
    expect(batched.code).toBe(2);
    expect(batched.stderr).toBe('error: line 4: path: must not contain NUL bytes\n');
    expect((await pg.query<{ id: string }>("select id from video where id like 'q%' order by id")).map((r) => r.id)).toEqual(['q1', 'q2']);
  });
});
