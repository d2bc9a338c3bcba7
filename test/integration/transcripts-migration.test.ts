// The migration of Aana's extended video, transcript and caption tables, and its adoption where an Aana application created them.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ExtendedVideoCaptionRepository,
  ExtendedVideoRepository,
  ExtendedVideoTranscriptRepository,
  migrateDown,
  migrateUp,
  openOrm,
  parseDbSpec,
  SchemaConflictError,
  type StoreEntityManager,
} from '../../src/index.js';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { TRANSCRIPTS_MIGRATION } from '../../src/storage/migrations/names.js';
import { AANA_POSTGRES_DDL, AANA_SQLITE_DDL, aanaExtendedDdl, aanaExtendedRows, aanaRows } from '../fixtures/aana-schema.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';

const ALL = migrationsList.map((m) => m.name);
const BASELINE = ALL[0];
/** The transcripts migration and those after it, reverted (last first) to revert it. */
const FROM_TRANSCRIPTS = ALL.slice(ALL.indexOf(TRANSCRIPTS_MIGRATION));
const EXTENDED = ['extended_video', 'extended_video_caption', 'extended_video_transcript'];
const SEGMENTS_JSON =
  '[{"text": " Hello there", "time_interval": {"start": 0.0, "end": 1.5}, "confidence": 0.9, "no_speech_confidence": 0.02, ' +
  '"words": [{"word": " Hello", "speaker": null, "time_interval": {"start": 0.0, "end": 0.7}, "alignment_confidence": 0.8}], "speaker": null}]';

async function withStore<T>(db: Backend, work: (em: StoreEntityManager, orm: Awaited<ReturnType<typeof openOrm>>) => Promise<T>): Promise<T> {
  const orm = await openOrm(parseDbSpec(db.spec), { migrations: true, create: true });
  try {
    return await work(orm.em.fork() as StoreEntityManager, orm);
  } finally {
    await orm.close();
  }
}

describe.each(BACKENDS)('the transcripts migration on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const ddl = kind === 'sqlite' ? AANA_SQLITE_DDL : AANA_POSTGRES_DDL;
    const made: Backend[] = [];
    const database = async (statements: string[]): Promise<Backend> => {
      const db = await create();
      made.push(db);
      // Raw SQL comes first here, before aana-store has made the SQLite file's folder.
      if (kind === 'sqlite') mkdirSync(dirname(db.spec), { recursive: true });
      for (const sql of statements) await db.query(sql);
      return db;
    };
    const applied = async (db: Backend) => (await db.query<{ name: string }>('select name from mikro_orm_migrations order by id')).map((r) => r.name);
    /** The extended tables as the database describes them: their SQL, or their columns, constraints and indexes. */
    const extendedShape = (db: Backend) =>
      kind === 'sqlite'
        ? db.query(`select name, sql from sqlite_master where tbl_name like 'extended_video%' order by name`)
        : Promise.all([
            db.query("select table_name, column_name, data_type, udt_name, is_nullable, column_default from information_schema.columns where table_name like 'extended_video%' order by 1, 2"),
            db.query("select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid::regclass::text like 'extended_video%' order by 1"),
            db.query("select indexname from pg_indexes where tablename like 'extended_video%' order by 1"),
          ]);
    const tables = async (db: Backend) =>
      (kind === 'sqlite'
        ? await db.query<{ name: string }>("select name from sqlite_master where type = 'table' and (name like 'extended%' or name in ('transcript', 'caption')) order by name")
        : await db.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' and (tablename like 'extended%' or tablename in ('transcript', 'caption')) order by 1")
      ).map((r) => r.name);

    const revertTranscripts = (db: Backend) =>
      withStore(db, async (_em, orm) => {
        for (const name of [...FROM_TRANSCRIPTS].reverse()) expect((await migrateDown(orm)).migrations).toEqual([name]);
      });

    afterAll(async () => Promise.all(made.map((db) => db.cleanup())));

    it("adopts an Aana application's extended tables: verified, recorded, not altered; the SDK's rows read back", async () => {
      const db = await database([...ddl, ...aanaRows(kind), ...aanaExtendedDdl(kind), ...aanaExtendedRows(kind, SEGMENTS_JSON)]);
      const before = await extendedShape(db);
      const run = await withStore(db, (_em, orm) => migrateUp(orm));
      expect(run.adopted).toEqual([BASELINE, TRANSCRIPTS_MIGRATION]);
      expect(run.migrations).not.toContain(TRANSCRIPTS_MIGRATION);
      expect(await applied(db)).toEqual(expect.arrayContaining(ALL));
      expect(await extendedShape(db)).toEqual(before);
      await withStore(db, async (em) => {
        expect(await new ExtendedVideoRepository(em).getStatus('aana-ev')).toBe('completed');
        expect(await new ExtendedVideoRepository(em).getMetadata('aana-ev')).toEqual({ title: 'Extended', description: null, duration: 61.5 });
        const transcript = await new ExtendedVideoTranscriptRepository(em).getTranscript('whisper_medium', 'aana-ev');
        expect(transcript).toEqual({ transcription: { text: 'Hello there' }, segments: JSON.parse(SEGMENTS_JSON) as unknown, transcription_info: { language: 'en', language_confidence: 0.99 } });
        expect(await new ExtendedVideoCaptionRepository(em).getCaptions('blip2', 'aana-ev')).toEqual({ captions: ['a lecture hall'], timestamps: [0], frame_ids: [0] });
        // What aana-store writes there next is a row the SDK reads: the same status names, its id from the same sequence.
        await new ExtendedVideoRepository(em).save({ id: 'store-ev', path: '/s.mp4' }, 2);
        await new ExtendedVideoTranscriptRepository(em).save('whisper_medium', 'store-ev', { language: 'en', language_confidence: 0.5 }, { text: 'x' }, []);
      });
      expect(await db.query("select e.status, t.transcript_type from extended_video e join extended_video_transcript s on s.media_id = e.id join transcript t on t.id = s.id where e.id = 'store-ev'")).toEqual([
        { status: 'CREATED', transcript_type: 'extended_video_transcript' },
      ]);
      // Reverting would drop the application's tables with its rows: refused, and nothing is dropped.
      await withStore(db, async (_em, orm) => {
        for (const name of FROM_TRANSCRIPTS.slice(1).reverse()) expect((await migrateDown(orm)).migrations).toEqual([name]);
        await expect(migrateDown(orm)).rejects.toThrow(
          new SchemaConflictError(
            `refusing to revert ${TRANSCRIPTS_MIGRATION}: the database is managed by the Aana SDK too (it has alembic_version), and reverting would drop ` +
              'the extended_video, extended_video_transcript and extended_video_caption tables, which hold 2 extended videos',
          ),
        );
      });
      expect(await extendedShape(db)).toEqual(before);
    });

    it('on an Aana head database creates the extended tables, keeps its transcript and caption, and reverting keeps them too', async () => {
      const db = await database([...ddl, ...aanaRows(kind)]);
      const run = await withStore(db, (_em, orm) => migrateUp(orm));
      expect(run.adopted).toEqual([BASELINE]);
      expect(run.migrations).toContain(TRANSCRIPTS_MIGRATION);
      expect(await tables(db)).toEqual(['caption', ...EXTENDED, 'transcript']);
      expect(await db.query('select caption from caption')).toEqual([{ caption: 'a cat' }]);
      await revertTranscripts(db);
      expect(await tables(db)).toEqual(['caption', 'transcript']);
      expect(await db.query('select caption from caption')).toEqual([{ caption: 'a cat' }]);
    });

    it('on a fresh database creates all five tables, reverts to none, and applies again to a schema the entities match', async () => {
      const db = await database([]);
      await withStore(db, (_em, orm) => migrateUp(orm));
      expect(await tables(db)).toEqual(['caption', ...EXTENDED, 'transcript']);
      await revertTranscripts(db);
      expect(await tables(db)).toEqual([]);
      if (kind === 'postgresql') expect(await db.query("select typname from pg_type where typname = 'videoprocessingstatus'")).toEqual([]);
      await withStore(db, async (_em, orm) => {
        expect((await migrateUp(orm)).migrations).toEqual(FROM_TRANSCRIPTS);
        expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
      });
      expect(await tables(db)).toEqual(['caption', ...EXTENDED, 'transcript']);
    });

    it('refuses a partial or unfamiliar set of these tables, naming what differs, and records nothing', async () => {
      // The enum type (PostgreSQL) and extended_video, without the subclass tables.
      const partial = await database([...ddl, ...aanaExtendedDdl(kind).slice(0, kind === 'postgresql' ? 2 : 1)]);
      await expect(withStore(partial, (_em, orm) => migrateUp(orm))).rejects.toThrow(
        new SchemaConflictError(
          'cannot adopt the existing schema: the database has "extended_video" but no "extended_video_transcript", "extended_video_caption"; aana-store will not guess, so nothing was changed',
        ),
      );
      const odd = await database([...ddl.map((s) => s.replace('language_confidence FLOAT NOT NULL', 'language_confidence VARCHAR NOT NULL'))]);
      await expect(withStore(odd, (_em, orm) => migrateUp(orm))).rejects.toThrow(
        new SchemaConflictError(
          `cannot adopt the existing schema: the "transcript" and "caption" tables differ from the Aana schema (transcript.language_confidence is text, expected a float); aana-store will not guess, so nothing was changed`,
        ),
      );
      for (const db of [partial, odd]) expect(await applied(db)).toEqual([]);
      expect(await tables(partial)).toEqual(['caption', 'extended_video', 'transcript']);
    });
  });
});
