import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { VIDEO_MEDIA_TYPE } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import type { ImportRow } from './records.js';
import { type BulkWriter, borrowConnection, type ConflictMode, ImportConflictError, type PooledConnection, quotedTables, type TableNames, type WriteCounts } from './writer.js';

const STAGE = 'aana_store_import';
const CHUNK_ROWS = 1000;

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A field in COPY's text format: `\N` for null, backslash escapes for the separators. */
function field(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
}

function copyLine(row: ImportRow): string {
  return (
    `${row.line}\t${field(row.id)}\t${field(row.path)}\t${field(row.url)}\t${field(row.title)}\t${field(row.description)}\t` +
    `${row.createdAt ? row.createdAt.toISOString() : '\\N'}\t${row.updatedAt ? row.updatedAt.toISOString() : '\\N'}\n`
  );
}

/**
 * PostgreSQL bulk writes on a client of MikroORM's pool: each batch is one transaction that COPYs
 * the rows (text format, through pg-copy-streams) into a temporary table, then moves them into
 * media and video with set-based INSERT … SELECT, handling conflicts the way the mode asks.
 */
export class PgBulkWriter implements BulkWriter {
  readonly chunkSize = CHUNK_ROWS;
  private copy?: NodeJS.WritableStream & { rowCount?: number };
  private copyDone?: Promise<unknown>;
  private rowsCopied = 0;
  private readonly tables: TableNames;

  private readonly client: PoolClient;

  private constructor(
    private readonly lease: PooledConnection<PoolClient>,
    em: StoreEntityManager,
    private readonly mode: ConflictMode,
  ) {
    this.client = lease.connection;
    this.tables = quotedTables(em);
  }

  static async open(em: StoreEntityManager, mode: ConflictMode): Promise<PgBulkWriter> {
    return new PgBulkWriter(await borrowConnection<PoolClient>(em), em, mode);
  }

  async begin(): Promise<void> {
    await this.client.query('begin');
    await this.client.query(
      `create temporary table ${STAGE} (line bigint not null, id varchar(36) not null, path varchar, url varchar, title varchar, description varchar, ` +
        'created_at timestamptz, updated_at timestamptz) on commit drop',
    );
    const copy = this.client.query(copyFrom(`copy ${STAGE} from stdin`));
    this.copy = copy;
    this.rowsCopied = 0;
    // Keep a rejected COPY from going unhandled before commit() awaits it.
    this.copyDone = Promise.race([once(copy, 'finish'), once(copy, 'error').then(([error]) => Promise.reject(error as Error))]);
    this.copyDone.catch(() => undefined);
    // On a connection the server has closed, pg-copy-streams emits a second error while ending
    // the stream; the first one already carries the cause, so later ones must not crash the process.
    copy.on('error', () => undefined);
  }

  async add(rows: ImportRow[]): Promise<void> {
    const copy = this.copy;
    if (!copy || rows.length === 0) return;
    let text = '';
    for (const row of rows) text += copyLine(row);
    this.rowsCopied += rows.length;
    let flowing: boolean;
    try {
      flowing = copy.write(text);
    } catch (error) {
      throw await this.copyFailure(error);
    }
    if (!flowing) await Promise.race([once(copy, 'drain'), this.copyDone]);
  }

  async commit(): Promise<WriteCounts> {
    try {
      this.copy?.end();
    } catch (error) {
      throw await this.copyFailure(error);
    }
    await this.copyDone;
    this.copy = undefined;
    const counts = await this.apply();
    await this.client.query('commit');
    return counts;
  }

  async rollback(): Promise<void> {
    if (this.copy) {
      // Ending a COPY that failed or is half-written: the server's error comes back, which is expected here.
      try {
        this.copy.end();
      } catch {
        // the connection is gone; the server has rolled the transaction back already
      }
      await this.copyDone?.catch(() => undefined);
      this.copy = undefined;
    }
    await this.client.query('rollback').catch(() => undefined);
  }

  /**
   * A bulk load leaves the planner's statistics stale until autovacuum comes by, and with them the
   * keyset pages of `list` and `export` fall back to sorting the whole table; refresh them now.
   */
  async finish(): Promise<void> {
    await this.client.query(`analyze ${this.tables.media}`);
  }

  async release(): Promise<void> {
    await this.lease.release();
  }

  /**
   * pg-copy-streams throws a bare TypeError when its connection has gone (the server ended the
   * session). The COPY's own error event carries the cause; failing that, report a lost connection
   * as the driver would, so that it is not mistaken for a bug.
   */
  private async copyFailure(error: unknown): Promise<unknown> {
    const cause = await Promise.race([
      (this.copyDone ?? Promise.resolve()).then(
        () => undefined,
        (reason: unknown) => reason,
      ),
      new Promise((resolve) => setTimeout(resolve, 1000).unref()),
    ]);
    if (cause instanceof Error) return cause;
    return Object.assign(new Error(`connection to the server was lost during COPY (${error instanceof Error ? error.message : String(error)})`), { code: 'ECONNRESET' });
  }

  private async count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }

  private async apply(): Promise<WriteCounts> {
    const { media, video } = this.tables;
    const total = this.rowsCopied;
    const type = `'${VIDEO_MEDIA_TYPE}'`;
    if (this.mode === 'error') {
      await this.client.query('savepoint aana_store_import');
      try {
        await this.client.query(`insert into ${media} (id, media_type, created_at, updated_at) select id, ${type}, coalesce(created_at, now()), coalesce(updated_at, now()) from ${STAGE}`);
        await this.client.query(`insert into ${video} (id, path, url, title, description) select id, path, url, title, description from ${STAGE}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        await this.client.query('rollback to savepoint aana_store_import');
        throw (await this.conflict()) ?? error;
      }
      return { inserted: total, skipped: 0, updated: 0 };
    }
    if (this.mode === 'skip') {
      const inserted = await this.count(
        `with src as (select distinct on (id) * from ${STAGE} order by id, line), ` +
          `ins as (insert into ${media} (id, media_type, created_at, updated_at) select id, ${type}, coalesce(created_at, now()), coalesce(updated_at, now()) from src on conflict (id) do nothing returning id) ` +
          `insert into ${video} (id, path, url, title, description) select s.id, s.path, s.url, s.title, s.description from src s join ins on ins.id = s.id`,
      );
      return { inserted, skipped: total - inserted, updated: 0 };
    }
    const other = await this.client.query<{ line: string; id: string; media_type: string }>(
      `select s.line, s.id, m.media_type from ${STAGE} s join ${media} m on m.id = s.id where m.media_type <> ${type} order by s.line limit 1`,
    );
    if (other.rows.length > 0) {
      const [row] = other.rows;
      throw new ImportConflictError(Number(row.line), row.id, ` (a ${row.media_type}, not a video)`);
    }
    // Later records win, as if each were written in turn.
    await this.client.query(`create temporary table ${STAGE}_last on commit drop as select distinct on (id) * from ${STAGE} order by id, line desc`);
    const last = `${STAGE}_last`;
    await this.client.query(
      `update ${media} m set created_at = coalesce(s.created_at, m.created_at), updated_at = coalesce(s.updated_at, now()) from ${last} s where m.id = s.id`,
    );
    await this.client.query(`update ${video} v set path = s.path, url = s.url, title = s.title, description = s.description from ${last} s where v.id = s.id`);
    const inserted = await this.count(
      `insert into ${media} (id, media_type, created_at, updated_at) select id, ${type}, coalesce(created_at, now()), coalesce(updated_at, now()) from ${last} s ` +
        `where not exists (select 1 from ${media} m where m.id = s.id)`,
    );
    await this.client.query(
      `insert into ${video} (id, path, url, title, description) select id, path, url, title, description from ${last} s where not exists (select 1 from ${video} v where v.id = s.id)`,
    );
    return { inserted, skipped: 0, updated: total - inserted };
  }

  /** The first staged row, in input order, whose id is stored already or repeats an earlier row. */
  private async conflict(): Promise<ImportConflictError | undefined> {
    const { rows } = await this.client.query<{ line: string; id: string }>(
      `select line, id from (select line, id, row_number() over (partition by id order by line) as n, ` +
        `exists (select 1 from ${this.tables.media} m where m.id = s.id) as stored from ${STAGE} s) x where stored or n > 1 order by line limit 1`,
    );
    return rows.length > 0 ? new ImportConflictError(Number(rows[0].line), rows[0].id) : undefined;
  }
}
