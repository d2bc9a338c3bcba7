import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationClassName, rebuiltTables, registerMigration, renderMigration, statements } from '../../scripts/migration-source.js';
import { migrationsList } from '../../src/storage/migrations/index.js';

const INDEX = readFileSync(new URL('../../src/storage/migrations/index.ts', import.meta.url), 'utf8');
const names = migrationsList.map((m) => m.name);

describe('migration names', () => {
  it('are later than every registered migration, with the name as a suffix', () => {
    const last = names.at(-1)!.slice('Migration'.length, 'Migration'.length + 14);
    const before = new Date(Date.UTC(2000, 0, 1));
    const name = migrationClassName(INDEX, 'add language!', before);
    expect(name).toMatch(/^Migration\d{14}_add_language$/);
    expect(name.slice('Migration'.length, 'Migration'.length + 14) > last).toBe(true);
    expect(migrationClassName(INDEX, 'x', new Date(Date.UTC(2099, 11, 31, 23, 59, 58)))).toBe('Migration20991231235958_x');
    expect(() => migrationClassName(INDEX, ' - ', before)).toThrow(/give a word or two/);
  });
});

describe('registerMigration', () => {
  it('imports the class and appends it to migrationsList, after the last one', () => {
    const next = registerMigration(INDEX, 'Migration20991231235958_x');
    expect(next).toContain("import { Migration20991231235958_x } from './Migration20991231235958_x.js';\n");
    const list = /migrationsList: MigrationObject\[\] = \[\n([\s\S]*?)\];/.exec(next)![1];
    expect(list.trimEnd().split('\n').at(-1)).toBe("  { name: 'Migration20991231235958_x', class: Migration20991231235958_x },");
    expect(next.replace("import { Migration20991231235958_x } from './Migration20991231235958_x.js';\n", '').replace(/ {2}\{ name: 'Migration20991231235958_x'.*\n/, '')).toBe(INDEX);
  });

  it('refuses an index it cannot read', () => {
    expect(() => registerMigration('export const migrationsList = [];\n', 'Migration1')).toThrow(/no import and list entry/);
  });
});

describe('statements', () => {
  it('splits at a semicolon ending a line, not inside a string literal', () => {
    expect(statements("create table a (x int);\ncomment on column a.x is 'one;\ntwo';\n\nalter table a add y int")).toEqual([
      'create table a (x int);',
      "comment on column a.x is 'one;\ntwo';",
      'alter table a add y int;',
    ]);
  });
});

describe('rebuiltTables', () => {
  it('names the tables a SQLite half rebuilds', () => {
    const rebuild = ['pragma foreign_keys = off;', 'create table `video__temp_alter` (`id` varchar(36) not null, primary key (`id`));', 'drop table `video`;'];
    expect(rebuiltTables(['alter table `media` drop column `x`;', ...rebuild])).toEqual(['video']);
    expect(rebuiltTables(['alter table `video` add column `x` varchar null;'])).toEqual([]);
  });
});

describe('renderMigration', () => {
  it('writes a SQLite half and a PostgreSQL half, each string in quotes that need no escape', () => {
    const source = renderMigration(
      'Migration20991231235958_x',
      'x',
      { up: ['alter table `video` add column `x` varchar null;'], down: [] },
      { up: ['alter table "video" add column "x" varchar null;', `comment on column "video"."x" is 'X';`], down: ['alter table "video" drop column "x";'] },
    );
    expect(source).toContain("    if (isSqlitePlatform(this.driver.getPlatform())) {\n      this.addSql('alter table `video` add column `x` varchar null;');\n      return;\n    }\n");
    expect(source).toContain('    this.addSql(`comment on column "video"."x" is \'X\';`);\n');
    expect(source).toContain("  override down(): void {\n    if (isSqlitePlatform(this.driver.getPlatform())) return;\n    this.addSql('alter table \"video\" drop column \"x\";');\n  }\n");
    expect(source).toMatch(/^export class Migration20991231235958_x extends Migration \{$/m);
  });
});
