import type { Database, Statement } from 'sqlite3';
import { VIDEO_MEDIA_TYPE } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { toSqlAlchemyText } from '../types/aana-timestamp.type.js';
import type { ImportRow } from './records.js';
import { type BulkWriter, borrowConnection, type ConflictMode, firstConflict, ImportConflictError, type PooledConnection, quotedTables, type TableNames, type WriteCounts } from './writer.js';

/** Rows per statement: 5 parameters each stays well inside SQLite's 32,766 variables. */
const CHUNK_ROWS = 2000;

const run = (db: Database, sql: string, params: unknown[] = []) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve())));
const all = <R>(db: Database, sql: string, params: unknown[]) =>
  new Promise<R[]>((resolve, reject) => db.all(sql, params, (error: Error | null, rows: R[]) => (error ? reject(error) : resolve(rows))));
const runStatement = (statement: Statement, params: unknown[]) =>
  new Promise<void>((resolve, reject) => statement.run(params, (error: Error | null) => (error ? reject(error) : resolve())));
const finalize = (statement: Statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()));
const prepare = (db: Database, sql: string) =>
  new Promise<Statement>((resolve, reject) => {
    const statement = db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(statement)));
  });

function placeholders(rows: number, row: string): string {
  return new Array<string>(rows).fill(row).join(', ');
}

function isConstraintError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT';
}

/**
 * SQLite bulk writes on the raw `sqlite3` connection of MikroORM's pool: multi-row prepared
 * INSERTs (media then video) inside one `BEGIN IMMEDIATE` transaction per batch. Timestamps are
 * stored as SQLAlchemy's UTC text, as the entities store them.
 */
export class SqliteBulkWriter implements BulkWriter {
  readonly chunkSize = CHUNK_ROWS;
  private counts: WriteCounts = { inserted: 0, skipped: 0, updated: 0 };
  private readonly statements = new Map<string, Statement>();
  private readonly tables: TableNames;
  private pending?: Promise<void>;

  private readonly db: Database;

  private constructor(
    private readonly lease: PooledConnection<Database>,
    em: StoreEntityManager,
    private readonly mode: ConflictMode,
  ) {
    this.db = lease.connection;
    this.tables = quotedTables(em);
  }

  static async open(em: StoreEntityManager, mode: ConflictMode): Promise<SqliteBulkWriter> {
    return new SqliteBulkWriter(await borrowConnection<Database>(em), em, mode);
  }

  async begin(): Promise<void> {
    this.counts = { inserted: 0, skipped: 0, updated: 0 };
    await run(this.db, 'BEGIN IMMEDIATE');
  }

  /**
   * Starts writing `rows` and returns once the previous chunk is written, so that the next chunk is
   * parsed while SQLite (on its own thread) writes this one.
   */
  async add(rows: ImportRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.settle();
    const write = this.write(rows);
    write.catch(() => undefined);
    this.pending = write;
  }

  async commit(): Promise<WriteCounts> {
    await this.settle();
    await run(this.db, 'COMMIT');
    return this.counts;
  }

  private async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    await pending;
  }

  private async write(rows: ImportRow[]): Promise<void> {
    if (this.mode === 'error') return this.insertOrFail(rows);
    const existing = await this.existing(rows);
    if (this.mode === 'skip') return this.insertNew(rows, existing);
    return this.upsert(rows, existing);
  }

  async rollback(): Promise<void> {
    await this.pending?.catch(() => undefined);
    this.pending = undefined;
    await run(this.db, 'ROLLBACK').catch(() => undefined);
  }

  async release(): Promise<void> {
    for (const statement of this.statements.values()) await finalize(statement);
    this.statements.clear();
    await this.lease.release();
  }

  private async insertOrFail(rows: ImportRow[]): Promise<void> {
    try {
      await this.insert(rows, 'insert');
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      // The failed statement left nothing behind; find the row at fault for the message.
      const row = firstConflict(rows, new Set((await this.existing(rows)).keys()));
      if (row) throw new ImportConflictError(row.line, row.id);
      throw error;
    }
    this.counts.inserted += rows.length;
  }

  private async insertNew(rows: ImportRow[], existing: Map<string, StoredMedia>): Promise<void> {
    const seen = new Set<string>();
    const fresh = rows.filter((row) => {
      if (existing.has(row.id) || seen.has(row.id)) return false;
      seen.add(row.id);
      return true;
    });
    this.counts.skipped += rows.length - fresh.length;
    this.counts.inserted += fresh.length;
    if (fresh.length > 0) await this.insert(fresh, 'insert');
  }

  /** Later records win; a record without created_at keeps the stored one. */
  private async upsert(rows: ImportRow[], existing: Map<string, StoredMedia>): Promise<void> {
    const created = new Map<string, string>();
    for (const [id, media] of existing) created.set(id, media.created_at);
    const values: Array<{ row: ImportRow; createdAt: string | undefined }> = [];
    for (const row of rows) {
      const stored = existing.get(row.id);
      if (stored && stored.media_type !== VIDEO_MEDIA_TYPE) throw new ImportConflictError(row.line, row.id, ` (a ${stored.media_type}, not a video)`);
      const previous = created.get(row.id);
      if (previous === undefined) this.counts.inserted++;
      else this.counts.updated++;
      const createdAt = row.createdAt ? toSqlAlchemyText(row.createdAt) : previous;
      created.set(row.id, createdAt ?? '');
      values.push({ row, createdAt });
    }
    await this.insert(values, 'upsert');
  }

  private async insert(rows: ImportRow[] | Array<{ row: ImportRow; createdAt: string | undefined }>, kind: 'insert' | 'upsert'): Promise<void> {
    const now = toSqlAlchemyText(new Date());
    const media: unknown[] = [];
    const video: unknown[] = [];
    for (const entry of rows) {
      const row = 'row' in entry ? entry.row : entry;
      const createdAt = 'row' in entry ? entry.createdAt : undefined;
      media.push(row.id, createdAt ?? (row.createdAt ? toSqlAlchemyText(row.createdAt) : now), row.updatedAt ? toSqlAlchemyText(row.updatedAt) : now);
      video.push(row.id, row.path, row.url, row.title, row.description);
    }
    const { media: mediaTable, video: videoTable } = this.tables;
    const upsert = kind === 'upsert';
    const mediaSql =
      `insert into ${mediaTable} (id, media_type, created_at, updated_at) values ${placeholders(rows.length, `(?, '${VIDEO_MEDIA_TYPE}', ?, ?)`)}` +
      (upsert ? ' on conflict (id) do update set created_at = excluded.created_at, updated_at = excluded.updated_at' : '');
    const videoSql =
      `insert into ${videoTable} (id, path, url, title, description) values ${placeholders(rows.length, '(?, ?, ?, ?, ?)')}` +
      (upsert ? ' on conflict (id) do update set path = excluded.path, url = excluded.url, title = excluded.title, description = excluded.description' : '');
    await this.execute(mediaSql, rows.length, media);
    await this.execute(videoSql, rows.length, video);
  }

  /** Full-size chunks reuse one prepared statement each; other sizes are prepared for one use. */
  private async execute(sql: string, rows: number, params: unknown[]): Promise<void> {
    if (rows !== CHUNK_ROWS) return run(this.db, sql, params);
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = await prepare(this.db, sql);
      this.statements.set(sql, statement);
    }
    await runStatement(statement, params);
  }

  private async existing(rows: ImportRow[]): Promise<Map<string, StoredMedia>> {
    const ids = [...new Set(rows.map((row) => row.id))];
    const found = await all<StoredMedia>(this.db, `select id, media_type, created_at from ${this.tables.media} where id in (${placeholders(ids.length, '?')})`, ids);
    return new Map(found.map((media) => [media.id, media]));
  }
}

interface StoredMedia {
  id: string;
  media_type: string;
  created_at: string;
}
