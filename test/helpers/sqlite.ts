import Database from 'libsql';

/** A connection of the test's own to a SQLite file, outside aana-store (libsql, synchronous). */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): Database.Database {
  return new Database(path, options);
}

/** Runs SQL on a SQLite file outside aana-store, to check what it really wrote. */
export async function sqliteQuery<T = Record<string, unknown>>(path: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = openSqlite(path);
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(params) as T[];
    statement.run(params);
    return [];
  } finally {
    db.close();
  }
}

export interface HeldLock {
  /** Commits what the holder wrote and lets go. */
  commit(): Promise<void>;
  /** Undoes it and lets go. */
  release(): Promise<void>;
}

/** Another connection that takes the write lock of a SQLite file (BEGIN IMMEDIATE, then `sql`) and holds it. */
export async function holdWriteLock(path: string, sql: string): Promise<HeldLock> {
  const holder = openSqlite(path);
  holder.exec(`BEGIN IMMEDIATE; ${sql}`);
  return {
    commit: async () => {
      holder.exec('COMMIT');
      holder.close();
    },
    release: async () => {
      try {
        holder.exec('ROLLBACK');
      } finally {
        holder.close();
      }
    },
  };
}
