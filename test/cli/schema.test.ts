import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';
import { snapshot } from '../helpers/snapshot.js';

describe.each(BACKENDS)('schema safety on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend | undefined;
    afterEach(async () => db?.cleanup());
    const tables = async (target: Backend) =>
      (
        await target.query<{ name: string }>(
          kind === 'sqlite'
            ? "select name from sqlite_master where type = 'table' and name in ('media', 'video') order by name"
            : "select table_name as name from information_schema.tables where table_schema = 'public' and table_name in ('media', 'video') order by table_name",
        )
      ).map((t) => t.name);

    it('refuses to write to a database migrated by a newer version, and still reads it', async () => {
      db = await create();
      const cli = (...args: string[]) => runInProcess(['--db', db!.spec, ...args], { input: '{"path":"/i.mp4"}\n' });
      expect((await cli('init')).code).toBe(0);
      expect((await cli('video', 'add', '--path', '/old.mp4', '--id', 'old')).code).toBe(0);
      await db.query("insert into mikro_orm_migrations (name) values ('Migration29990101000000')");
      const before = await snapshot(db);
      const refusal = /^error: .* has migrations this version of aana-store does not know \(Migration29990101000000\); refusing to write: upgrade aana-store\n$/;
      for (const args of [['video', 'add', '--path', '/new.mp4'], ['video', 'import', '-']]) {
        const result = await cli(...args);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(refusal);
      }
      expect(await snapshot(db)).toEqual(before);
      expect((await cli('video', 'list', '--format', 'ids')).stdout).toBe('old\n');
    });

    it('a migration that fails half-way leaves nothing of it, and migrate finishes once the cause is gone', async () => {
      db = await create();
      if (kind === 'sqlite') mkdirSync(dirname(db.spec), { recursive: true });
      // A stray index with the name the first migration gives its index: it fails after creating `media`.
      await db.query('create table stray (x integer)');
      await db.query('create index ix_media_created_at_id on stray (x)');
      const failed = await runInProcess(['--db', db.spec, 'migrate']);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(failed.stderr).toMatch(/ix_media_created_at_id.*already exists/);
      expect(await tables(db)).toEqual([]);
      const status = JSON.parse((await runInProcess(['--db', db.spec, 'migrate', 'status', '--format', 'json'])).stdout) as { applied: unknown[] };
      expect(status.applied).toEqual([]);
      await db.query('drop table stray');
      expect((await runInProcess(['--db', db.spec, 'migrate'])).code).toBe(0);
      expect(await tables(db)).toEqual(['media', 'video']);
    });
  });
});
