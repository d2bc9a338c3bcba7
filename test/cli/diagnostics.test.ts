import { openSync, writeSync, closeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDatabase } from '../../src/config/settings.js';
import { parseDbSpec } from '../../src/config/spec.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';
import { pendingMigrationsText } from '../../src/errors.js';
import { searchIndexText } from '../../src/storage/diagnostics.js';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { SEARCH_MIGRATION } from '../../src/storage/migrations/names.js';

// Reverting the search migration reverts every later one first.
const FROM_SEARCH = migrationsList.slice(migrationsList.findIndex((m) => m.name === SEARCH_MIGRATION)).map((m) => m.name);
const PENDING = pendingMigrationsText(FROM_SEARCH);

describe.each(BACKENDS)('doctor, init, migrate check and commands on a damaged or outdated $kind database', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let where: string;
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);
    const downPastSearch = async () => {
      for (const _ of FROM_SEARCH) expect((await cli('migrate', 'down')).code).toBe(0);
    };
    const doctorJson = async () => {
      const result = await cli('doctor', '--format', 'json');
      return { ...result, report: JSON.parse(result.stdout) as Record<string, unknown> };
    };

    beforeEach(async () => {
      db = await create();
      where = describeDatabase(parseDbSpec(db.spec));
      expect((await cli('init')).code).toBe(0);
      expect((await cli('video', 'add', '--id', 'v1', '--path', '/v1.mp4', '--title', 'One')).code).toBe(0);
    });
    afterEach(async () => db?.cleanup());

    it('doctor --format json: pending_migrations is an array, empty when all are applied', async () => {
      const healthy = await doctorJson();
      expect(healthy).toMatchObject({ code: 0, stderr: 'ok\n' });
      expect(healthy.report).toMatchObject({ pending_migrations: [], video_media_without_video: 0, problems: [] });
      await downPastSearch();
      const pending = await doctorJson();
      expect(pending.code).toBe(1);
      expect(pending.report.pending_migrations).toEqual(FROM_SEARCH);
      expect(pending.stderr).toBe(`error: ${PENDING}\n`);
    });

    it('after migrate down, commands give the pending-migration message, not "run init"', async () => {
      await downPastSearch();
      const message = `error: ${where} has ${PENDING}\n`;
      expect(await cli('video', 'search', 'One')).toMatchObject({ code: 1, stdout: '', stderr: message });
      // What needs no pending migration still works, and the migration catches it up.
      expect(await cli('video', 'add', '--id', 'v2', '--path', '/v2.mp4', '--title', 'Two')).toMatchObject({ code: 0, stdout: 'v2\n', stderr: '' });
      expect(await cli('migrate', 'check')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${PENDING}\n` });
      expect((await cli('migrate', 'up')).code).toBe(0);
      expect(await cli('video', 'search', 'Two', '--format', 'ids')).toMatchObject({ code: 0, stdout: 'v2\n', stderr: '' });
    });

    it('a media row of type video without its video row is reported by doctor', async () => {
      await db.query("insert into media (id, media_type, created_at, updated_at) values ('half', 'video', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      const result = await doctorJson();
      expect(result.code).toBe(1);
      expect(result.report.video_media_without_video).toBe(1);
      expect(result.stderr).toBe('error: 1 media rows of type video have no video row\n');
    });

    it('a dropped search table: doctor, init and migrate check exit 1 naming it; video add says so too; migrate down + up rebuilds it', async () => {
      await db.query(kind === 'sqlite' ? 'drop table video_fts' : 'drop table video_fts cascade');
      const missing = kind === 'sqlite' ? 'table video_fts' : 'table video_fts (document tsvector), index ix_video_fts_document';
      const text = await searchIndexText([missing]);
      const doctor = await doctorJson();
      expect(doctor.code).toBe(1);
      expect(doctor.stderr).toBe(`error: ${text}\n`);
      expect(await cli('init')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${where}: ${text}\n` });
      expect(await cli('migrate', 'check')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${text}\n` });
      expect(await cli('video', 'add', '--id', 'v3', '--path', '/v3.mp4')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${where}: ${text}\n` });
      await downPastSearch();
      expect((await cli('migrate', 'up')).code).toBe(0);
      expect(await cli('doctor')).toMatchObject({ code: 0, stderr: 'ok\n' });
      expect(await cli('video', 'search', 'One', '--format', 'ids')).toMatchObject({ code: 0, stdout: 'v1\n' });
    });

    it('a dropped segment index: doctor and migrate check name it; migrate down + up rebuilds it', async () => {
      await db.query(kind === 'sqlite' ? 'drop trigger transcript_segment_fts_after_insert' : 'drop table transcript_segment_fts cascade');
      const missing =
        kind === 'sqlite'
          ? 'trigger transcript_segment_fts_after_insert'
          : 'table transcript_segment_fts (document tsvector), index ix_transcript_segment_fts_document';
      const text = await searchIndexText([missing]);
      expect((await doctorJson()).stderr).toBe(`error: ${text}\n`);
      expect(await cli('migrate', 'check')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${text}\n` });
      await downPastSearch();
      expect((await cli('migrate', 'up')).code).toBe(0);
      expect(await cli('doctor')).toMatchObject({ code: 0, stderr: 'ok\n' });
    });

    // Only SQLite's index is keyed (KEYED_SEARCH_MIGRATION): PostgreSQL gets no test here rather than a skipped one.
    if (kind === 'sqlite') it("SQLite's search keys: a video without its key, then a dropped key table, are named by doctor; migrate down + up rebuilds them", async () => {
      await db.query("delete from video_fts_key where id = 'v1'");
      expect(await cli('video', 'search', 'One', '--format', 'ids')).toMatchObject({ code: 0, stdout: '' });
      const unkeyed = await doctorJson();
      expect(unkeyed.code).toBe(1);
      expect(unkeyed.report.search_index_rows).toBe(1);
      expect(unkeyed.stderr).toBe(`error: ${await searchIndexText(['the keys of 1 videos in video_fts_key'])}\n`);
      await db.query('drop table video_fts_key');
      expect((await doctorJson()).stderr).toBe(`error: ${await searchIndexText(['table video_fts_key'])}\n`);
      await downPastSearch();
      expect((await cli('migrate', 'up')).code).toBe(0);
      expect(await cli('doctor')).toMatchObject({ code: 0, stderr: 'ok\n' });
      expect(await cli('video', 'search', 'One', '--format', 'ids')).toMatchObject({ code: 0, stdout: 'v1\n' });
    });

    // Only SQLite has a file to damage: PostgreSQL gets no test here rather than a skipped one.
    if (kind === 'sqlite') it('a corrupted SQLite file: doctor runs quick_check and exits 1', async () => {
      for (let i = 0; i < 40; i++) expect((await cli('video', 'add', '--id', `c${i}`, '--path', `/${'x'.repeat(400)}/${i}.mp4`)).code).toBe(0);
      await db.query('pragma wal_checkpoint(truncate)');
      const count = await cli('video', 'count');
      expect(count.code).toBe(0);
      const fd = openSync(db.spec, 'r+');
      writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 2);
      closeSync(fd);
      const result = await doctorJson();
      expect(result.code).toBe(1);
      expect(result.report.integrity).not.toBe('ok');
      expect(result.stderr).toMatch(/^error: the database file is damaged \(quick_check: .+\)/);
    });
  });
});
