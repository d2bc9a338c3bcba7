import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** What loading a module loads: its imports and re-exports, but not `import type` nor `import()`. */
function loadedImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"];/gm)].map((m) => m[1]);
}

/** The packages loading `entry` loads, each with the first src/ module found importing it. */
function packagesLoadedBy(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of loadedImports(file)) {
      if (spec.startsWith('.')) visit(join(dirname(file), spec).replace(/\.js$/, '.ts'));
      else if (!spec.startsWith('node:') && !packages.has(spec)) packages.set(spec, relative(SRC, file));
    }
  };
  visit(join(SRC, entry));
  return packages;
}

describe('start-up', () => {
  it('the CLI loads no MikroORM, knex, driver or output writer before a command runs: commands load them lazily', () => {
    const packages = packagesLoadedBy('cli/start.ts');
    expect(Object.fromEntries(packages)).toEqual(expect.objectContaining({ commander: 'cli/run.ts', chalk: 'cli/run.ts' }));
    const heavy = [...packages].filter(([name]) => /^(@mikro-orm|knex|pg|pg-copy-streams|better-sqlite3|sqlite3|csv-.*)(\/|$)/.test(name));
    expect(heavy.map(([name, by]) => `${name} (imported by src/${by})`)).toEqual([]);
  });

  it('the commands that only read videos load no MikroORM or knex: on SQLite they read the file with libsql alone (video-reads.ts)', () => {
    for (const command of ['cli/commands/video-read.ts', 'cli/commands/video-find.ts']) {
      const packages = packagesLoadedBy(command);
      expect(packages.get('libsql')).toBe('storage/sqlite-source.ts');
      const heavy = [...packages].filter(([name]) => /^(@mikro-orm|knex)(\/|$)/.test(name));
      expect(heavy.map(([name, by]) => `${name} (imported by src/${by})`)).toEqual([]);
    }
  });

  it('the walk follows static imports and sees what is imported lazily (a check that the test itself can fail)', () => {
    expect([...packagesLoadedBy('cli/database.ts').keys()]).toContain('@mikro-orm/core');
  });
});
