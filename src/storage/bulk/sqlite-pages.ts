import type { StoreEntityManager } from '../orm.js';
import { inPages } from '../sql-source.js';
import { borrowConnection } from './writer.js';

/** The part of the libsql driver's connection (better-sqlite3's API) a streamed read uses. */
interface IterableConnection {
  prepare(sql: string): { iterate(params: unknown[]): Iterable<unknown> };
}

/**
 * The rows of one SQLite query, `size` at a time, as SQLite steps through them on a raw connection
 * of MikroORM's pool: one statement, so one snapshot and no query per page, and memory for one page.
 * The connection is held until the reader stops, so the reader must not query the database meanwhile.
 */
export async function* sqlitePages<R>(em: StoreEntityManager, sql: string, params: unknown[], size: number): AsyncGenerator<R[]> {
  const lease = await borrowConnection<IterableConnection>(em);
  try {
    yield* inPages<R>(() => lease.connection.prepare(sql).iterate(params)[Symbol.iterator](), size, (error) => em.getDriver().convertException(error as Error));
  } finally {
    await lease.release();
  }
}
