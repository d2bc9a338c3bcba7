import type { StoreEntityManager } from '../orm.js';
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
    let page: R[] = [];
    let rows: Iterator<unknown>;
    try {
      rows = lease.connection.prepare(sql).iterate(params)[Symbol.iterator]();
    } catch (error) {
      throw em.getDriver().convertException(error as Error);
    }
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = rows.next();
      } catch (error) {
        throw em.getDriver().convertException(error as Error);
      }
      if (next.done) break;
      page.push(next.value as R);
      if (page.length === size) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  } finally {
    await lease.release();
  }
}
