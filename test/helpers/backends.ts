import { join } from 'node:path';
import { createTestDatabase, pgAvailable } from './pg.js';
import { tempDir } from './cli.js';
import { sqliteQuery } from './sqlite.js';

/** One database a test file works on, whichever kind. */
export interface Backend {
  kind: 'sqlite' | 'postgresql';
  /** The `--db` spec. */
  spec: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

export interface BackendKind {
  kind: 'sqlite' | 'postgresql';
  available: boolean;
  create: () => Promise<Backend>;
}

/** The same end-to-end tests run on both databases: `describe.each(BACKENDS)` with `skipIf(!available)`. */
export const BACKENDS: BackendKind[] = [
  {
    kind: 'sqlite',
    available: true,
    async create() {
      const dir = tempDir();
      const path = join(dir.path, 'catalog', 'store.db');
      return {
        kind: 'sqlite',
        spec: path,
        query: (sql, params) => sqliteQuery(path, sql, params),
        cleanup: async () => dir.cleanup(),
      };
    },
  },
  {
    kind: 'postgresql',
    available: pgAvailable,
    async create() {
      const db = await createTestDatabase();
      return {
        kind: 'postgresql',
        spec: db.url,
        query: (sql, params) => db.query(sql.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })()), params) as never,
        cleanup: () => db.drop(),
      };
    },
  },
];
