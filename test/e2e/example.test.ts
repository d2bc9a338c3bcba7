import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../src/storage/migrations/index.js';
import { sqliteQuery } from '../helpers/sqlite.js';
import { baseEnv, BIN, runNode, tempDir } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples', 'extended-catalog');
const MIKRO_ORM_CLI = join(ROOT, 'node_modules', '@mikro-orm', 'cli', 'esm.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');


/** The SQL statements of a migration file's up(). */
function statementsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/this\.addSql\(`(.*)`\);/g)].map((m) => m[1]);
}

describe('examples/extended-catalog, built and run as a user would', () => {
  const dir = tempDir();
  // A copy of the example, so that building and linking it write nothing into the checkout.
  const project = join(dir.path, 'extended-catalog');
  const run = (script: string, args: string[], env: NodeJS.ProcessEnv) => runNode(script, args, { env, cwd: project });
  const catalog = join(dir.path, 'catalog.db');
  const env = baseEnv({ CATALOG_DB: catalog });
  const aanaStore = (...args: string[]) => run(BIN, args, env);
  const mikroOrm = (...args: string[]) => run(MIKRO_ORM_CLI, args, env);

  beforeAll(async () => {
    cpSync(EXAMPLE, project, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$/.test(source) });
    // What `npm install` does for its "aana-store": "file:../.." dependency, without the network; its
    // MikroORM is the one aana-store uses, as npm would dedupe it.
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(ROOT, join(project, 'node_modules', 'aana-store'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', '@mikro-orm'), join(project, 'node_modules', '@mikro-orm'), 'dir');
    // Built as a project outside this repository would build it: without the example's `paths`
    // shortcut, so 'aana-store' and its types resolve through the package's exports.
    const tsconfig = join(dir.path, 'tsconfig.json');
    writeFileSync(tsconfig, JSON.stringify({ extends: join(project, 'tsconfig.json'), compilerOptions: { paths: {} } }));
    const build = await run(TSC, ['-p', tsconfig], env);
    expect(build, build.stdout).toMatchObject({ code: 0 });
  });
  afterAll(() => dir.cleanup());

  it('plain JavaScript imports the library by its package name', async () => {
    const code =
      "import { getSession, VideoRepository, MediaRepository, VideoEntity, MediaEntity, BaseRepository } from 'aana-store';" +
      'console.log([getSession, VideoRepository, MediaRepository, VideoEntity, MediaEntity, BaseRepository].map((f) => typeof f).join());' +
      'console.log(Object.getPrototypeOf(VideoRepository) === MediaRepository && Object.getPrototypeOf(MediaRepository) === BaseRepository);';
    expect(await run('--input-type=module', ['-e', code], env)).toMatchObject({ code: 0, stdout: `${Array(6).fill('function').join()}\ntrue\n`, stderr: '' });
  });

  it('the MikroORM CLI generates the committed migration: only the new tables, against a database aana-store initialised', async () => {
    const generated = join(dir.path, 'generated');
    const core = join(dir.path, 'core.db');
    expect((await aanaStore('--db', core, 'init')).code).toBe(0);
    const create = await run(MIKRO_ORM_CLI, ['migration:create', '--path', generated], { ...env, AANA_STORE_DB: core });
    expect(create.code, create.stderr).toBe(0);
    const [file] = readdirSync(generated);
    const committed = readdirSync(join(EXAMPLE, 'src', 'migrations')).map((name) => join(EXAMPLE, 'src', 'migrations', name));
    expect(committed).toHaveLength(1);
    expect(statementsOf(join(generated, file))).toEqual(statementsOf(committed[0]));
    const sql = statementsOf(committed[0]).join('\n').replace(/\\`/g, '`');
    expect(sql).toMatch(/^create table `podcast` .*\ncreate table `video_details` /);
    expect(sql).not.toMatch(/create table `(media|video)`/);
  });

  it('aana-store creates its tables, the MikroORM CLI runs the example migration, the demo writes through the library', async () => {
    expect(await aanaStore('--db', catalog, 'init')).toMatchObject({ code: 0, stdout: '' });
    const up = await mikroOrm('migration:up');
    expect(up.code, up.stderr).toBe(0);
    const check = await mikroOrm('migration:check');
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/No changes required/);
    const demo = await run(join(project, 'dist', 'src', 'demo.js'), [], env);
    expect(demo).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(demo.stdout)).toEqual({
      video: { title: 'Talk', description: null },
      podcasts: [{ id: 'pod-1', title: 'Episode one', mediaType: 'podcast' }],
    });
    expect(await sqliteQuery(catalog, "select m.media_type, e.duration, e.language from media m join video_details e on e.id = m.id")).toEqual([
      { media_type: 'video', duration: 1834.5, language: 'en' },
    ]);
    expect(await sqliteQuery(catalog, 'select p.id, m.media_type, p.feed_url from podcast p join media m on m.id = p.id')).toEqual([
      { id: 'pod-1', media_type: 'podcast', feed_url: 'https://example.com/feed.xml' },
    ]);
  });

  it('`aana-store --config ./aana-store.config.js video list` shows the extended fields and no podcast', async () => {
    expect((await aanaStore('--config', './aana-store.config.js', 'video', 'add', '--path', '/plain.mp4', '--id', 'plain')).code).toBe(0);
    const list = await aanaStore('--config', './aana-store.config.js', 'video', 'list', '--format', 'csv');
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'TS')).toBe(
      'id,url,path,title,description,duration,status,created_at,updated_at,video_details.duration,language\n' +
        'talk-1,https://example.com/talk.mp4,,Talk,,,,TS,TS,1834.5,en\n' +
        'plain,,/plain.mp4,,,,,TS,TS,,\n',
    );
    const names = await sqliteQuery<{ name: string }>(catalog, 'select name from mikro_orm_migrations order by id');
    expect(names.map((n) => n.name)).toEqual([...migrationsList.map((m) => m.name), ...readdirSync(join(EXAMPLE, 'src', 'migrations')).map((f) => f.replace(/\.ts$/, ''))]);
  });
});
