import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDbSpec } from '../../src/config/spec.js';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { openOrm } from '../../src/storage/orm.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';

const MIGRATIONS = migrationsList.map((m) => m.name);
const [MIGRATION, SEARCH] = MIGRATIONS;
/** The migrations after the search tables, reverted first. */
const AFTER_SEARCH = MIGRATIONS.slice(2).reverse();

describe.each(BACKENDS)('init and migrate on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);
    const tables = async () =>
      (
        await db.query<{ name: string }>(
          kind === 'sqlite'
            ? "select name from sqlite_master where type = 'table' and name in ('media', 'video') order by name"
            : "select table_name as name from information_schema.tables where table_schema = 'public' and table_name in ('media', 'video') order by table_name",
        )
      ).map((t) => t.name);

    // Each test starts from a database of its own: a new one, or one `init` brought up to date.
    beforeEach(async () => {
      db = await create();
    });
    afterEach(async () => db?.cleanup());
    const init = async () => expect((await cli('init')).code).toBe(0);

    it('migrate status on a new database lists the migration as pending', async () => {
      if (kind === 'sqlite') expect((await cli('migrate', 'status')).code).toBe(1); // no file yet: init creates it
      else {
        const status = await cli('migrate', 'status', '--format', 'json');
        expect(JSON.parse(status.stdout)).toEqual({ applied: [], pending: MIGRATIONS.map((name) => ({ name })) });
      }
    });

    it('init creates the database and applies every migration; again, it is up to date', async () => {
      const first = await cli('init');
      expect(first).toMatchObject({ code: 0, stdout: '' });
      expect(first.stderr).toMatch(new RegExp(`^Initialized .*: applied ${MIGRATIONS.length} migration\\(s\\) \\(${MIGRATIONS.join(', ')}\\)\\n$`));
      expect(await tables()).toEqual(['media', 'video']);
      if (kind === 'sqlite') {
        expect(statSync(db.spec).mode & 0o777).toBe(0o600);
        expect(statSync(dirname(db.spec)).mode & 0o777).toBe(0o700);
        expect(await db.query('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      }
      const second = await cli('init');
      expect(second).toMatchObject({ code: 0, stdout: '' });
      expect(second.stderr).toMatch(/ is up to date\n$/);
    });

    it('the entities match what the migrations create (no schema diff)', async () => {
      await init();
      const orm = await openOrm(parseDbSpec(db.spec));
      try {
        expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
      } finally {
        await orm.close();
      }
    });

    it('migrate status shows the applied migration, as text and JSON', async () => {
      await init();
      const text = await cli('migrate', 'status');
      expect(text.stdout).toMatch(new RegExp(`^${MIGRATIONS.map((name) => `applied  ${name}  \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\n`).join('')}$`));
      const json = JSON.parse((await cli('migrate', 'status', '--format', 'json')).stdout) as { applied: Array<{ name: string }>; pending: unknown[] };
      expect(json.applied.map((m) => m.name)).toEqual(MIGRATIONS);
      expect(json.pending).toEqual([]);
    });

    it('migrate down --dry-run prints SQL and changes nothing; migrate down reverts the last migration, then the one before', async () => {
      await init();
      for (const name of AFTER_SEARCH) expect(await cli('migrate', 'down')).toMatchObject({ code: 0, stdout: '', stderr: `Reverted ${name}\n` });
      const search = await cli('migrate', 'down', '--dry-run');
      expect(search.stdout).toMatch(/drop table if exists .video_fts.;/);
      expect(await cli('migrate', 'down')).toMatchObject({ code: 0, stdout: '', stderr: `Reverted ${SEARCH}\n` });
      expect(await tables()).toEqual(['media', 'video']);
      const dry = await cli('migrate', 'down', '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/drop table if exists .video.;\ndrop table if exists .media.;\n/);
      expect(await tables()).toEqual(['media', 'video']);
      const down = await cli('migrate', 'down');
      expect(down).toMatchObject({ code: 0, stdout: '', stderr: `Reverted ${MIGRATION}\n` });
      expect(await tables()).toEqual([]);
    });

    it('migrate --dry-run prints the create statements without running them; migrate applies them', async () => {
      await init();
      for (const name of [...MIGRATIONS].reverse()) expect(await cli('migrate', 'down')).toMatchObject({ code: 0, stderr: `Reverted ${name}\n` });
      expect(await tables()).toEqual([]);
      const dry = await cli('migrate', '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/create table .media./);
      expect(dry.stdout).toMatch(/create table .video./);
      expect(await tables()).toEqual([]);
      const up = await cli('migrate');
      expect(up).toMatchObject({ code: 0, stdout: '', stderr: MIGRATIONS.map((name) => `Applied ${name}\n`).join('') });
      expect(await tables()).toEqual(['media', 'video']);
      expect(await cli('migrate')).toMatchObject({ code: 0, stderr: 'Already up to date\n' });
    });
  });
});
