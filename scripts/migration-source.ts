// The source of a migration with a SQLite half and a PostgreSQL half, and its entry in the migrations
// index: the text work of `npm run migration:create` (scripts/migration-create.ts), without a database.

export interface MigrationDiff {
  up: string[];
  down: string[];
}

/** SQL split into statements, each ending in `;` (a `;` at a line end inside a string literal does not split). */
export function statements(sql: string): string[] {
  const out: string[] = [];
  let buffer = '';
  for (const chunk of sql.split(/;\n/)) {
    buffer += (buffer ? ';\n' : '') + chunk;
    if (buffer.split("'").length % 2 === 0) continue;
    const statement = buffer.trim();
    if (statement) out.push(statement.endsWith(';') ? statement : `${statement};`);
    buffer = '';
  }
  return out;
}

/**
 * Tables a SQLite half rebuilds (MikroORM's way to change a column type or a foreign key there). A
 * rebuild drops the table's triggers (on `video`, the search index's), so the author must look.
 */
export function rebuiltTables(sql: string[]): string[] {
  return sql.flatMap((statement) => /^create table `(\w+)__temp_alter`/.exec(statement)?.[1] ?? []);
}

/** SQL as a JavaScript string literal, in the quotes that need the fewest escapes. */
function literal(sql: string): string {
  if (!sql.includes("'")) return `'${sql.replace(/\\/g, '\\\\')}'`;
  if (!sql.includes('`')) return `\`${sql.replace(/\\/g, '\\\\').replace(/\$\{/g, '\\${')}\``;
  return JSON.stringify(sql);
}

function method(name: 'up' | 'down', sqlite: string[], postgresql: string[]): string {
  const add = (sql: string[], indent: string) => sql.map((s) => `${indent}this.addSql(${literal(s)});\n`).join('');
  const sqliteHalf = sqlite.length === 0 ? '    if (isSqlitePlatform(this.driver.getPlatform())) return;\n' : `    if (isSqlitePlatform(this.driver.getPlatform())) {\n${add(sqlite, '      ')}      return;\n    }\n`;
  return `  override ${name}(): void {\n${sqliteHalf}${add(postgresql, '    ')}  }\n`;
}

/** The migration's source: one class, a SQLite half and a PostgreSQL half in each direction. */
export function renderMigration(className: string, name: string, sqlite: MigrationDiff, postgresql: MigrationDiff): string {
  return (
    "import { Migration } from '@mikro-orm/migrations';\n" +
    "import { isSqlitePlatform } from '../platform.js';\n\n" +
    `/** ${name}: written by \`npm run migration:create\` from the entities, for SQLite and for PostgreSQL. */\n` +
    `export class ${className} extends Migration {\n` +
    `${method('up', sqlite.up, postgresql.up)}\n${method('down', sqlite.down, postgresql.down)}}\n`
  );
}

/** The index with `className` imported and appended to `migrationsList`. */
export function registerMigration(index: string, className: string): string {
  const imports = [...index.matchAll(/^import \{ Migration\w+ \} from '\.\/Migration\w+\.js';\n/gm)].at(-1);
  const entries = [...index.matchAll(/^ {2}\{ name: 'Migration\w+', class: Migration\w+ \},\n/gm)].at(-1);
  if (!imports || !entries) throw new Error('the migrations index has no import and list entry of a migration to add this one after');
  const entryEnd = entries.index + entries[0].length;
  const importEnd = imports.index + imports[0].length;
  return (
    index.slice(0, importEnd) +
    `import { ${className} } from './${className}.js';\n` +
    index.slice(importEnd, entryEnd) +
    `  { name: '${className}', class: ${className} },\n` +
    index.slice(entryEnd)
  );
}

/** `Migration` and a UTC timestamp, later than every registered migration's, then the name. */
export function migrationClassName(index: string, name: string, now: Date): string {
  const word = name.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
  if (word === '') throw new Error(`migration name ${JSON.stringify(name)}: give a word or two, such as add_language`);
  const stamp = (date: Date) => date.toISOString().replace(/\D/g, '').slice(0, 14);
  const last = [...index.matchAll(/name: 'Migration(\d{14})/g)].map((m) => m[1]).sort().at(-1);
  const after = last ? Date.UTC(+last.slice(0, 4), +last.slice(4, 6) - 1, +last.slice(6, 8), +last.slice(8, 10), +last.slice(10, 12), +last.slice(12, 14)) + 1000 : 0;
  return `Migration${stamp(new Date(Math.max(now.getTime(), after)))}_${word}`;
}
