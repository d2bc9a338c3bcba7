import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const LAST_MIGRATION = migrationsList[migrationsList.length - 1].name;

describe('config shows each setting and where it came from', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('from a flag, AANA_STORE_DB, DB_CONFIG, a config file and the default; the password never shows', async () => {
    const file = join(dir.path, 'store.json');
    writeFileSync(file, JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: 'rel.db' }, query_timeout: 5 }));
    const dbConfig = JSON.stringify({ datastore_type: 'postgresql', datastore_config: { host: 'h', user: 'u', password: 'pw-Secret', database: 'd' }, pool_size: 3 });
    const [flag, env, json, fromFile, byDefault] = await Promise.all([
      runInProcess(['--db', 'postgresql://alice:s3cret%21@db.example:6543/cat', 'config', '--format', 'json']),
      runInProcess(['config'], { env: baseEnv({ AANA_STORE_DB: 'sqlite:///tmp/env.db' }) }),
      runInProcess(['config', '--format', 'json'], { env: baseEnv({ DB_CONFIG: dbConfig }) }),
      runInProcess(['--config', file, 'config', '--format', 'json']),
      runInProcess(['config', '--format', 'json'], { env: baseEnv({ XDG_DATA_HOME: dir.path }) }),
    ]);
    expect(flag.code).toBe(0);
    expect(flag.stdout + flag.stderr).not.toMatch(/s3cret/);
    expect(JSON.parse(flag.stdout)).toEqual({
      database: { value: 'postgresql://alice:***@db.example:6543/cat', origin: 'flag --db' },
      type: { value: 'postgresql', origin: 'flag --db' },
      host: { value: 'db.example', origin: 'flag --db' },
      port: { value: 6543, origin: 'flag --db' },
      user: { value: 'alice', origin: 'flag --db' },
      password: { value: '***', origin: 'flag --db' },
      database_name: { value: 'cat', origin: 'flag --db' },
      pool_size: { value: 5, origin: 'default' },
      query_timeout: { value: 30, origin: 'default' },
      connection_timeout: { value: 10, origin: 'default' },
      sslmode: { value: 'prefer', origin: 'default' },
      sslrootcert: { value: null, origin: 'default' },
      sslcert: { value: null, origin: 'default' },
      sslkey: { value: null, origin: 'default' },
      application_name: { value: 'aana-store/0.1.0', origin: 'default' },
      replicas: { value: null, origin: 'default' },
    });
    expect(env).toMatchObject({ code: 0, stderr: '' });
    const line = (setting: string, value: string, origin: string) => `${setting.padEnd(18)}  ${value.padEnd(18)}  ${origin}`.trimEnd();
    expect(env.stdout).toBe(
      [
        line('setting', 'value', 'origin'),
        line('database', 'sqlite:/tmp/env.db', 'env AANA_STORE_DB'),
        line('type', 'sqlite', 'env AANA_STORE_DB'),
        line('path', '/tmp/env.db', 'env AANA_STORE_DB'),
        line('pool_size', '5', 'default'),
        line('query_timeout', '30', 'default'),
        line('connection_timeout', '10', 'default'),
        '',
      ].join('\n'),
    );
    const fromJson = JSON.parse(json.stdout) as Record<string, { value: unknown; origin: string }>;
    expect(json.stdout).not.toMatch(/pw-Secret/);
    expect(fromJson.password).toEqual({ value: '***', origin: 'env DB_CONFIG' });
    expect(fromJson.port).toEqual({ value: 5432, origin: 'default' });
    expect(fromJson.pool_size).toEqual({ value: 3, origin: 'env DB_CONFIG' });
    expect(fromJson.query_timeout).toEqual({ value: 30, origin: 'default' });
    const fileJson = JSON.parse(fromFile.stdout) as Record<string, { value: unknown; origin: string }>;
    expect(fileJson.path).toEqual({ value: join(dir.path, 'rel.db'), origin: `config file ${file}` });
    expect(fileJson.query_timeout).toEqual({ value: 5, origin: `config file ${file}` });
    expect(fileJson.pool_size).toEqual({ value: 5, origin: 'default' });
    expect(JSON.parse(byDefault.stdout).path).toEqual({ value: join(dir.path, 'aana-store', 'aana.db'), origin: 'default' });
  });
});

describe.each(BACKENDS)('doctor and migrate check on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runInProcess(['--db', db.spec, ...args]);

    // Each test breaks the catalog its own way, so each gets its own.
    beforeEach(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
      expect((await cli('video', 'add', '--id', 'd1', '--path', '/d1.mp4', '--title', 'Doctor')).code).toBe(0);
    });
    afterEach(async () => db?.cleanup());

    it('doctor reports driver, versions, migrations and row counts, and exits 0 when all is well', async () => {
      const [text, json, check] = await Promise.all([cli('doctor'), cli('doctor', '--format', 'json'), cli('migrate', 'check')]);
      expect(text.code).toBe(0);
      expect(text.stderr).toBe('ok\n');
      expect(text.stdout).toMatch(new RegExp(`^database: +${kind === 'sqlite' ? 'sqlite:' : 'postgresql://postgres@127\\.0\\.0\\.1:5432/'}`));
      const report = JSON.parse(json.stdout) as Record<string, unknown>;
      expect(report).toMatchObject({
        driver: kind,
        schema_version: LAST_MIGRATION,
        applied_migrations: migrationsList.length,
        pending_migrations: [],
        video_media_without_video: 0,
        media_rows: 1,
        video_rows: 1,
        search_index_rows: 1,
        problems: [],
      });
      expect(report.server_version).toMatch(/^\d+\.\d+/);
      if (kind === 'sqlite') {
        expect(report.journal_mode).toBe('wal');
        expect(report.file_size).toBeGreaterThan(0);
      } else expect(report).not.toHaveProperty('file_size');
      expect(check).toMatchObject({ code: 0, stdout: '', stderr: 'Migrations are applied and match the entities\n' });
    });

    it('with a pending migration, doctor and migrate check exit 1 and say so', async () => {
      expect((await cli('migrate', 'down')).code).toBe(0);
      const [doctor, check] = await Promise.all([cli('doctor'), cli('migrate', 'check')]);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(new RegExp(`pending_migrations: +${LAST_MIGRATION}\\n`));
      expect(doctor.stderr).toBe(`error: 1 pending migration (${LAST_MIGRATION}); run \`aana-store migrate up\`\n`);
      expect(check).toMatchObject({ code: 1, stdout: '', stderr: `error: 1 pending migration (${LAST_MIGRATION}); run \`aana-store migrate up\`\n` });
    });

    it('migrate check exits 1 and prints the difference when the schema differs from the entities', async () => {
      await db.query('drop index ix_media_updated_at_id');
      const check = await cli('migrate', 'check');
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/create index .ix_media_updated_at_id. on .media. \(.updated_at., .id.\);/);
      expect(check.stderr).toBe('error: the entities differ from the migrations (above, the SQL that would close the gap); write a migration\n');
      await db.query('create index ix_media_updated_at_id on media (updated_at, id)');
      expect((await cli('migrate', 'check')).code).toBe(0);
    });

    it('doctor exits 1 when the search index is out of step with the videos', async () => {
      await db.query(
        kind === 'sqlite'
          ? "insert into video_fts (video_fts, rowid, title, description) select 'delete', k.rowid, v.title, v.description from video_fts_key k join video v on v.id = k.id where k.id = 'd1'"
          : "delete from video_fts where id = 'd1'",
      );
      const doctor = await cli('doctor');
      expect(doctor).toMatchObject({ code: 1, stderr: 'error: the search index has 0 rows for 1 videos\n' });
    });
  });
});

describe('doctor without a database', () => {
  it('exits 1 with the reason when the server cannot be reached', async () => {
    const result = await runInProcess(['--db', 'postgresql://postgres:hidden-pw@127.0.0.1:1/none', 'doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: cannot open PostgreSQL database "none" at 127\.0\.0\.1:1 as postgres: .*\n$/);
    expect(result.stderr).not.toContain('hidden-pw');
  });
});
