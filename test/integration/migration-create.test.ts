// `npm run migration:create` on a copy of the migrations folder: with the entities as committed it
// writes nothing; with an entity added it writes a migration whose SQLite and PostgreSQL halves both
// apply, match the entities and revert.
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Entity, ManyToOne, type MigrationObject, PrimaryKey, Property } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigration } from '../../scripts/migration-create.js';
import { parseDbSpec } from '../../src/config/spec.js';
import { missingSearchObjects } from '../../src/storage/diagnostics.js';
import { MediaEntity } from '../../src/storage/entities/media.entity.js';
import { migrateDown, migrateUp } from '../../src/storage/migrator.js';
import { openOrm, type StoreEntityManager } from '../../src/storage/orm.js';
import { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { BACKENDS } from '../helpers/backends.js';
import { tempDir } from '../helpers/cli.js';
import { PG_ADMIN_URL, pgAvailable } from '../helpers/pg.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** An entity a change adds: a table of notes on media rows. */
@Entity({ tableName: 'note' })
class NoteEntity {
  @PrimaryKey({ type: 'string', columnType: 'varchar(36)' })
  id!: string;

  @ManyToOne({ entity: () => MediaEntity, fieldName: 'media_id', nullable: true, deleteRule: 'cascade' })
  media?: MediaEntity | null;

  @Property({ type: 'string', columnType: 'varchar', nullable: true })
  text?: string | null;
}

/** A copy of src/storage/migrations that the generated file's imports resolve from. */
function migrationsCopy(root: string): string {
  const dir = join(root, 'storage', 'migrations');
  cpSync(join(ROOT, 'src/storage/migrations'), dir, { recursive: true });
  writeFileSync(join(root, 'storage/platform.ts'), `export { isSqlitePlatform } from '${ROOT}/src/storage/platform.js';\n`);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return dir;
}

describe.skipIf(!pgAvailable)('npm run migration:create', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('writes nothing when the entities match the migrations', async () => {
    const dir = migrationsCopy(join(tmp.path, 'same'));
    const files = readdirSync(dir).sort();
    const index = readFileSync(join(dir, 'index.ts'), 'utf8');
    expect(await createMigration({ name: 'nothing', dir, pgAdminUrl: PG_ADMIN_URL })).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(readFileSync(join(dir, 'index.ts'), 'utf8')).toBe(index);
  }, 120_000);

  describe('with an entity added', () => {
    const dir = join(tmp.path, 'changed', 'storage', 'migrations');
    let created: Awaited<ReturnType<typeof createMigration>>;
    let migration: MigrationObject;
    beforeAll(async () => {
      migrationsCopy(join(tmp.path, 'changed'));
      created = await createMigration({ name: 'add notes', dir, entities: [NoteEntity], pgAdminUrl: PG_ADMIN_URL });
      if (!created) return;
      const module = (await import(created.file)) as Record<string, MigrationObject['class']>;
      migration = { name: created.className, class: module[created.className] };
    }, 120_000);

    it('writes one migration with both halves and registers it', () => {
      expect(created).toMatchObject({ className: expect.stringMatching(/^Migration\d{14}_add_notes$/), warnings: [] });
      const source = readFileSync(created!.file, 'utf8');
      expect(source).toContain('create table `note`');
      expect(source).toContain('create table "note"');
      expect(source).toContain('drop table if exists `note`');
      expect(source).not.toContain('__temp_alter');
      expect(readFileSync(join(dir, 'index.ts'), 'utf8')).toContain(`{ name: '${created!.className}', class: ${created!.className} },`);
    });

    describe.each(BACKENDS)('on $kind', ({ create }) => {
      it('applies, matches the entities, keeps the search index, and reverts', async () => {
        expect(migration, 'a migration was written').toBeDefined();
        const db = await create();
        const orm = await openOrm(parseDbSpec(db.spec), { entities: [NoteEntity], migrations: true, extensionMigrations: [migration], create: true });
        try {
          expect((await migrateUp(orm)).migrations.at(-1)).toBe(migration.name);
          expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
          const videos = new VideoRepository(orm.em.fork() as StoreEntityManager);
          const { mediaId } = await videos.save({ url: 'https://example.com/a.mp4', title: 'Zürich notes' });
          await db.query('insert into note (id, media_id, text) values (?, ?, ?)', ['n1', mediaId, 'hello']);
          expect((await migrateDown(orm)).migrations).toEqual([migration.name]);
          await expect(db.query('select * from note')).rejects.toThrow(/note/);
          expect(await missingSearchObjects(orm.em.fork() as StoreEntityManager)).toEqual([]);
          const { mediaId: later } = await new VideoRepository(orm.em.fork() as StoreEntityManager).save({ url: 'https://example.com/b.mp4', title: 'Zurich again' });
          expect((await new VideoRepository(orm.em.fork() as StoreEntityManager).search('zurich')).map((r) => r.id).sort()).toEqual([mediaId, later].sort());
        } finally {
          await orm.close();
          await db.cleanup();
        }
      }, 120_000);
    });
  });
});
