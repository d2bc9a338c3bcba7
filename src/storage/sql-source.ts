import type { SqlDialect } from './repositories/video-query.js';
import type { SearchTables } from './repositories/video-search.js';

/** The tables a read of videos names: the video's own, its media row's, and those search looks into. */
export type CatalogTables = SearchTables;

/**
 * Where raw reads run (VideoReader): MikroORM's connection (em-source.ts), or, for a command
 * that only reads a SQLite catalog, the database file opened without MikroORM (sqlite-source.ts).
 */
export interface SqlSource {
  readonly dialect: SqlDialect;
  readonly tables: CatalogTables;
  /** The rows of a query, in the unit of work's transaction if there is one. */
  query<R>(sql: string, params: unknown[]): Promise<R[]>;
  /**
   * The rows of one statement `size` at a time, where the driver steps through them (SQLite, outside
   * a transaction): one snapshot and no query per page; undefined where it does not. The statement
   * holds the connection until the reader stops.
   */
  pages<R>(sql: string, params: unknown[], size: number): AsyncGenerator<R[]> | undefined;
}

/** The rows of `rows`, `size` at a time; `convert` turns a driver's error into what the caller throws. */
export function* inPages<R>(rows: () => Iterator<unknown>, size: number, convert: (error: unknown) => unknown = (error) => error): Generator<R[]> {
  let page: R[] = [];
  let iterator: Iterator<unknown>;
  let next: IteratorResult<unknown>;
  try {
    iterator = rows();
  } catch (error) {
    throw convert(error);
  }
  for (;;) {
    try {
      next = iterator.next();
    } catch (error) {
      throw convert(error);
    }
    if (next.done) break;
    page.push(next.value as R);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
