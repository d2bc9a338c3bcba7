import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import { parseDbSpec } from '../../src/config/spec.js';
import { SchemaConflictError } from '../../src/errors.js';
import { migrateUp, migrationStatus } from '../../src/storage/migrator.js';
import { openOrm, type StoreEntityManager } from '../../src/storage/orm.js';
import { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { inspectTable } from '../../src/storage/schema-inspector.js';
import { AANA_HEAD, AANA_POSTGRES_DDL, AANA_SQLITE_DDL, aanaRows } from '../fixtures/aana-schema.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.js';

const ALL_MIGRATIONS = migrationsList.map((m) => m.name);
const BASELINE = ALL_MIGRATIONS[0];
/** aana-store's migrations after the baseline: they run on an adopted database as on any other. */
const LATER = ALL_MIGRATIONS.slice(1);
/** Schema objects aana-store's later migrations add (search tables, triggers, list indexes, the extended video's tables and status type). */
const AANA_STORE_OBJECT = /^(video_fts|ix_video_fts|ix_media_|(pk_|fk_|ix_)?extended_video|videoprocessingstatus$|(ix_)?(transcript_segment|caption)_fts)/;
const ADOPTED = `Adopted ${BASELINE}: its media and video tables already exist (an Aana SDK database), recorded as applied without running it\n`;
const SQLALCHEMY_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

async function runAll(db: Backend, statements: string[]): Promise<void> {
  if (db.kind === 'sqlite') mkdirSync(dirname(db.spec), { recursive: true });
  for (const sql of statements) await db.query(sql);
}

/** Every schema object but aana-store's own (its migrations table, search table, triggers and indexes), to show that adopting changes nothing else. */
async function schemaSnapshot(db: Backend): Promise<unknown[]> {
  const own = (row: unknown) => Object.values(row as Record<string, unknown>).some((v) => typeof v === 'string' && AANA_STORE_OBJECT.test(v));
  return (await rawSchemaSnapshot(db)).filter((row) => !own(row));
}

async function rawSchemaSnapshot(db: Backend): Promise<unknown[]> {
  if (db.kind === 'sqlite') {
    // sqlite_sequence is SQLite's own bookkeeping for the migrations table's autoincrement id.
    return db.query("select type, name, tbl_name, sql from sqlite_master where tbl_name not in ('mikro_orm_migrations', 'sqlite_sequence') and type <> 'trigger' order by name");
  }
  const filter = "table_schema = 'public' and table_name <> 'mikro_orm_migrations'";
  return [
    ...(await db.query(`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where ${filter} order by 1, 2`)),
    ...(await db.query(
      "select conname, contype, conrelid::regclass::text as rel from pg_constraint where connamespace = 'public'::regnamespace and conrelid::regclass::text <> 'mikro_orm_migrations' order by 1",
    )),
    ...(await db.query("select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename <> 'mikro_orm_migrations' order by 1")),
    ...(await db.query("select typname from pg_type where typnamespace = 'public'::regnamespace and typtype = 'e'")),
  ];
}

async function withOrm<T>(spec: string, work: (orm: MikroORM, em: StoreEntityManager) => Promise<T>, create = false): Promise<T> {
  const orm = await openOrm(parseDbSpec(spec), { migrations: true, create });
  try {
    return await work(orm, orm.em.fork() as StoreEntityManager);
  } finally {
    await orm.close();
  }
}

describe.each(BACKENDS)('an Aana SDK database on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let aana: Backend;
    let fresh: Backend;
    let before: unknown[];
    const cli = (...args: string[]) => runInProcess(['--db', aana.spec, ...args]);

    beforeAll(async () => {
      [aana, fresh] = await Promise.all([create(), create()]);
      await runAll(aana, [...(kind === 'sqlite' ? AANA_SQLITE_DDL : AANA_POSTGRES_DDL), ...aanaRows(kind)]);
      before = await schemaSnapshot(aana);
    });
    afterAll(async () => Promise.all([aana?.cleanup(), fresh?.cleanup()]));

    it('migrate --dry-run says it would adopt the baseline and run nothing', async () => {
      const dry = await cli('migrate', '--dry-run');
      expect(dry).toMatchObject({ code: 0, stderr: `-- would ${ADOPTED.replace('Adopted', 'adopt')}-- would run ${LATER.join(', ')}\n` });
      expect(dry.stdout).toMatch(/video_fts/);
      expect(await aana.query('select name from mikro_orm_migrations')).toEqual([]);
    });

    it('init adopts it: records the baseline without running it, and changes no other table', async () => {
      const init = await cli('init');
      expect(init.code).toBe(0);
      expect(init.stderr).toMatch(new RegExp(`^${ADOPTED.replace(/[()]/g, '\\$&')}Initialized .*: applied ${LATER.length} migration\\(s\\) \\(${LATER.join(', ')}\\)\\n$`));
      expect((await aana.query<{ name: string }>('select name from mikro_orm_migrations order by id')).map((r) => r.name)).toEqual(ALL_MIGRATIONS);
      expect(await schemaSnapshot(aana)).toEqual(before);
      expect(await aana.query('select version_num from alembic_version')).toEqual([{ version_num: AANA_HEAD }]);
      expect(await aana.query('select count(*) as n from caption')).toEqual([{ n: kind === 'sqlite' ? 1 : '1' }]);
      // Aana's constraint names stay; aana-store's own names (media_pkey, video_id_foreign) never appear.
      if (kind === 'postgresql') {
        const names = (await aana.query<{ conname: string }>("select conname from pg_constraint where conrelid in ('media'::regclass, 'video'::regclass) order by 1")).map((r) => r.conname);
        expect(names).toEqual(['fk_video_id_media', 'pk_media', 'pk_video']);
      }
      expect(await cli('migrate')).toMatchObject({ code: 0, stdout: '', stderr: 'Already up to date\n' });
      await withOrm(aana.spec, async (orm) => expect((await migrationStatus(orm)).pending).toEqual([]));
    });

    it('lists every Aana video with its timestamps, and nothing that is not a video', async () => {
      const list = await cli('video', 'list', '--format', 'ndjson');
      expect(list.code).toBe(0);
      const records = list.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
      expect(records.map((r) => r.id)).toEqual(['aana-seconds', 'aana-micro', 'aana-extended', 'aana-default']);
      // Aana's extended video is a video too; this one has no extended_video row (Aana's head has no such table), so no duration.
      expect(records[2]).toMatchObject({ id: 'aana-extended', title: 'Subclass row', duration: null, status: null });
      expect(records[0]).toEqual({
        id: 'aana-seconds',
        url: 'https://example.com/seconds.mp4',
        path: null,
        title: 'Whole seconds',
        description: 'CURRENT_TIMESTAMP text',
        duration: null,
        status: null,
        created_at: '2024-07-25T13:09:44.000Z',
        updated_at: '2024-07-25T13:09:44.000Z',
      });
      expect(records[1]).toMatchObject({ id: 'aana-micro', created_at: '2024-07-25T13:09:44.450Z', updated_at: '2024-08-01T08:00:00.000Z' });
      // The server default is the current time in UTC, whichever database wrote it.
      expect(Math.abs(Date.parse(records[3].created_at) - Date.now())).toBeLessThan(10 * 60_000);
      expect(records[3]).toMatchObject({ path: '/data/default.mp4', title: 'Server default', url: null });
    });

    it('reads and pages through the rows with the library, across both timestamp forms', async () => {
      await withOrm(aana.spec, async (_orm, em) => {
        const videos = new VideoRepository(em);
        const paged: string[] = [];
        for await (const record of videos.list({ pageSize: 1 })) paged.push(record.id);
        expect(paged).toEqual(['aana-seconds', 'aana-micro', 'aana-extended', 'aana-default']);
        const after: string[] = [];
        for await (const record of videos.list({ after: 'aana-seconds', pageSize: 1 })) after.push(record.id);
        expect(after).toEqual(['aana-micro', 'aana-extended', 'aana-default']);
        const micro = await videos.read('aana-micro');
        expect(videos.toRecord(micro)).toMatchObject({ created_at: '2024-07-25T13:09:44.450Z', updated_at: '2024-08-01T08:00:00.000Z' });
      });
    });

    it('rows aana-store writes are rows the SDK reads: media_type video, timestamps in its own form', async () => {
      const add = await cli('video', 'add', '--url', 'https://example.com/new.mp4', '--title', 'From aana-store', '--id', 'store-new');
      expect(add).toMatchObject({ code: 0, stdout: 'store-new\n' });
      if (kind === 'sqlite') {
        const [row] = await aana.query<Record<string, string>>(
          "select media_type, typeof(created_at) as ct, typeof(updated_at) as ut, created_at, updated_at from media where id = 'store-new'",
        );
        expect(row).toMatchObject({ media_type: 'video', ct: 'text', ut: 'text' });
        expect(row.created_at).toMatch(SQLALCHEMY_TEXT);
        expect(row.updated_at).toMatch(SQLALCHEMY_TEXT);
      } else {
        const [row] = await aana.query("select media_type, pg_typeof(created_at)::text as ct from media where id = 'store-new'");
        expect(row).toEqual({ media_type: 'video', ct: 'timestamp with time zone' });
      }
      expect(await aana.query("select path, url, title, description from video where id = 'store-new'")).toEqual([
        { path: null, url: 'https://example.com/new.mp4', title: 'From aana-store', description: null },
      ]);
      const ids = await withOrm(aana.spec, async (_orm, em) => {
        const all: string[] = [];
        for await (const record of new VideoRepository(em).list()) all.push(record.id);
        return all;
      });
      expect(ids).toEqual(['aana-seconds', 'aana-micro', 'aana-extended', 'aana-default', 'store-new']);
    });

    it('migrate down reverts the later migrations, then refuses to drop the tables the SDK shares', async () => {
      for (const name of [...LATER].reverse()) expect(await cli('migrate', 'down')).toMatchObject({ code: 0, stderr: `Reverted ${name}\n` });
      const down = await cli('migrate', 'down');
      expect(down).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `error: refusing to revert ${BASELINE}: the database is managed by the Aana SDK too (it has alembic_version), and reverting would drop its media and video tables\n`,
      });
      expect((await aana.query('select count(*) as n from video')).length).toBe(1);
      expect((await aana.query<{ name: string }>('select name from mikro_orm_migrations')).map((r) => r.name)).toEqual([BASELINE]);
    });

    it('the tables aana-store creates have the columns and types of the ones the SDK creates', async () => {
      await withOrm(fresh.spec, async (orm) => expect((await migrateUp(orm)).migrations).toEqual(ALL_MIGRATIONS), true);
      const shapes = (spec: string) => withOrm(spec, async (_orm, em) => Promise.all(['media', 'video', 'transcript', 'caption'].map((table) => inspectTable(em, table))));
      expect(await shapes(fresh.spec)).toEqual(await shapes(aana.spec));
    });
  });
});

/** A database holding the given DDL, adopted through the library; returns the error message, or undefined when it was adopted. */
async function adoptionOutcome(db: Backend, ddl: string[]): Promise<string | undefined> {
  await runAll(db, ddl);
  try {
    return await withOrm(db.spec, async (orm) => {
      await migrateUp(orm);
      return undefined;
    });
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaConflictError);
    return (error as Error).message;
  }
}

describe.each(BACKENDS)('a partial or unknown schema on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const text = 'VARCHAR';
    const ts = kind === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    const media = (columns = `id ${text}(36) NOT NULL, media_type ${text} NOT NULL, created_at ${ts} NOT NULL, updated_at ${ts} NOT NULL`) =>
      `CREATE TABLE media (${columns}, CONSTRAINT pk_media PRIMARY KEY (id))`;
    const video = (columns = `id ${text}(36) NOT NULL, path ${text}, url ${text}, title ${text}, description ${text}`) =>
      `CREATE TABLE video (${columns}, CONSTRAINT pk_video PRIMARY KEY (id), CONSTRAINT fk_video_id_media FOREIGN KEY(id) REFERENCES media (id))`;
    const prefix = 'cannot adopt the existing schema: ';
    const suffix = '; aana-store will not guess, so nothing was changed';
    const cases: Array<[string, string[], string | undefined]> = [
      ['media without video', [media()], `the database has a "media" table but no "video" table`],
      ['video without media', [`CREATE TABLE video (id ${text}(36) NOT NULL, CONSTRAINT pk_video PRIMARY KEY (id))`], `the database has a "video" table but no "media" table`],
      [
        'missing and odd columns',
        [media(`id ${text}(20) NOT NULL, media_type INTEGER NOT NULL, created_at ${ts}, owner ${text} NOT NULL`), video(`id ${text}(36) NOT NULL, path ${text} NOT NULL, url ${text}, title ${text}, description ${text}`)],
        'the "media" and "video" tables differ from the Aana schema (media.id holds 20 characters, expected at least 36; media.media_type is ' +
          `${kind === 'sqlite' ? 'INTEGER' : 'integer'}, expected text; media.created_at allows NULL; media.updated_at is missing; ` +
          'media.owner is NOT NULL without a default, so aana-store could not insert; video.path is NOT NULL)',
      ],
      [
        'no foreign key from video to media',
        [media(), `CREATE TABLE video (id ${text}(36) NOT NULL, path ${text}, url ${text}, title ${text}, description ${text}, CONSTRAINT pk_video PRIMARY KEY (id))`],
        'the "media" and "video" tables differ from the Aana schema (video.id has no foreign key to media.id)',
      ],
      ['an extra nullable column (adopted)', [media(), video(`id ${text}(36) NOT NULL, path ${text}, url ${text}, title ${text}, description ${text}, duration FLOAT`)], undefined],
    ];
    let databases: Backend[] = [];
    beforeAll(async () => {
      databases = await Promise.all(cases.map(() => create()));
    });
    afterAll(async () => Promise.all(databases.map((db) => db.cleanup())));

    it.each(cases.map((c, i) => [...c, i] as const))('%s', async (_name, ddl, reason, i) => {
      const db = databases[i];
      const outcome = await adoptionOutcome(db, ddl);
      expect(outcome).toBe(reason === undefined ? undefined : `${prefix}${reason}${suffix}`);
      const names = await db.query<{ name: string }>('select name from mikro_orm_migrations');
      expect(names.map((r) => r.name)).toEqual(reason === undefined ? ALL_MIGRATIONS : []);
    });

    it('the CLI exits 1 with the reason on one line and creates nothing', async () => {
      const db = await create();
      try {
        await runAll(db, [media()]);
        const result = await runInProcess(['--db', db.spec, 'migrate']);
        expect(result).toMatchObject({ code: 1, stdout: '', stderr: `error: ${prefix}the database has a "media" table but no "video" table${suffix}\n` });
        const tables =
          kind === 'sqlite'
            ? await db.query("select name from sqlite_master where type = 'table' and name = 'video'")
            : await db.query("select table_name from information_schema.tables where table_name = 'video'");
        expect(tables).toEqual([]);
      } finally {
        await db.cleanup();
      }
    });
  });
});

describe.skipIf(!pgAvailable)('DB_CONFIG as the Aana SDK reads it, on PostgreSQL', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  beforeAll(async () => {
    db = await createTestDatabase();
    const url = new URL(db.url);
    // Every key of Aana's DbSettings, including the two aana-store has no use for (max_overflow, pool_recycle).
    const dbConfig = JSON.stringify({
      datastore_type: 'postgresql',
      datastore_config: { host: url.hostname, port: url.port, user: 'postgres', password: 'unused-with-trust', database: db.name },
      pool_size: 2,
      max_overflow: 10,
      pool_recycle: 3600,
      query_timeout: 1,
      connection_timeout: 5,
    });
    orm = await openOrm((await loadSettings({ env: { DB_CONFIG: dbConfig } })).settings);
  });
  afterAll(async () => {
    await orm?.close();
    await db?.drop();
  });

  it('query_timeout cancels a statement of a transaction that runs longer, on the server', async () => {
    const started = Date.now();
    // Set per transaction (SET LOCAL), so that it holds through a pooler in transaction mode.
    const sleep = orm.em.fork().transactional((em) => em.getConnection().execute('select pg_sleep(5)', [], 'all', em.getTransactionContext()));
    await expect(sleep).rejects.toThrow(/canceling statement due to statement timeout/);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4000);
    expect(await orm.em.getConnection().execute('select 1 as ok')).toEqual([{ ok: 1 }]);
  });

  it('pool_size bounds the connections: four statements at once share two', async () => {
    const started = Date.now();
    const backends = async () =>
      (await db.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = current_database() and application_name like 'aana-store%'"))[0].n;
    let running = true;
    const sleeps = Promise.all(Array.from({ length: 4 }, () => orm.em.getConnection().execute('select pg_sleep(0.4)'))).finally(() => (running = false));
    // Sampled for as long as the statements run, however slowly the machine starts them.
    const seen = new Set<string>();
    while (running) seen.add(await backends());
    await sleeps;
    expect(seen).toContain('2');
    expect([...seen].every((n) => Number(n) <= 2), [...seen].join()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });
});
