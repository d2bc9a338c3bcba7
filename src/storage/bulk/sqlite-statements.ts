import type { Database, Statement } from 'sqlite3';

/**
 * Promises over a raw `sqlite3` connection, with prepared statements kept for the statements of
 * full-size chunks (the ones run again and again); other sizes are prepared for one use.
 */
export class SqliteStatements {
  private readonly prepared = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly reusedRows: number,
  ) {}

  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.db.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve())));
  }

  all<R>(sql: string, params: unknown[]): Promise<R[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (error: Error | null, rows: R[]) => (error ? reject(error) : resolve(rows))));
  }

  /** Runs a statement written for `rows` rows. */
  async execute(sql: string, rows: number, params: unknown[]): Promise<void> {
    if (rows !== this.reusedRows) return this.run(sql, params);
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = await new Promise<Statement>((resolve, reject) => {
        const prepared = this.db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(prepared)));
      });
      this.prepared.set(sql, statement);
    }
    const ready = statement;
    await new Promise<void>((resolve, reject) => ready.run(params, (error: Error | null) => (error ? reject(error) : resolve())));
  }

  async finalize(): Promise<void> {
    for (const statement of this.prepared.values()) await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    this.prepared.clear();
  }
}
