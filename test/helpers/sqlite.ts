import sqlite3 from 'sqlite3';

/** Runs SQL on a SQLite file outside aana-store, to check what it really wrote. */
export function sqliteQuery<T = Record<string, unknown>>(path: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, (openError) => {
      if (openError) return reject(openError);
      db.all(sql, params, (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  });
}

export interface HeldLock {
  /** Commits what the holder wrote and lets go. */
  commit(): Promise<void>;
  /** Undoes it and lets go. */
  release(): Promise<void>;
}

/** Another connection that takes the write lock of a SQLite file (BEGIN IMMEDIATE, then `sql`) and holds it. */
export async function holdWriteLock(path: string, sql: string): Promise<HeldLock> {
  const holder = new sqlite3.Database(path);
  const exec = (statements: string) => new Promise<void>((resolve, reject) => holder.exec(statements, (e) => (e ? reject(e) : resolve())));
  const close = () => new Promise<void>((resolve) => holder.close(() => resolve()));
  await exec(`BEGIN IMMEDIATE; ${sql}`);
  return {
    commit: async () => {
      await exec('COMMIT');
      await close();
    },
    release: async () => {
      await exec('ROLLBACK').catch(() => undefined);
      await close();
    },
  };
}
