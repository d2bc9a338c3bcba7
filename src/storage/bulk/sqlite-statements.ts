/** The part of the libsql driver's connection (better-sqlite3's API) the bulk writer uses. */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

interface SqliteStatement {
  run(params: unknown[]): unknown;
  all(params: unknown[]): unknown[];
}

/**
 * Statements over the raw connection of MikroORM's pool, with prepared statements kept for the
 * statements of full-size chunks (the ones run again and again); other sizes are prepared for one use.
 * The driver is synchronous: each call runs to its end before it returns.
 */
export class SqliteStatements {
  private readonly prepared = new Map<string, SqliteStatement>();

  constructor(
    private readonly db: SqliteConnection,
    private readonly reusedRows: number,
  ) {}

  run(sql: string, params: unknown[] = []): void {
    this.db.prepare(sql).run(params);
  }

  all<R>(sql: string, params: unknown[]): R[] {
    return this.db.prepare(sql).all(params) as R[];
  }

  /** Runs a statement written for `rows` rows. */
  execute(sql: string, rows: number, params: unknown[]): void {
    if (rows !== this.reusedRows) return this.run(sql, params);
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    statement.run(params);
  }

  finalize(): void {
    this.prepared.clear();
  }
}
