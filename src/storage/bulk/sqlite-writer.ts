import { VIDEO_FIELD_KEYS, type VideoFieldValues } from '../entities/video.fields.js';
import type { StoreEntityManager } from '../orm.js';
import type { ImportRow } from './records.js';
import { SqliteSearchUpkeep } from './search-upkeep.js';
import { type SqliteConnection, SqliteStatements } from './sqlite-statements.js';
import { fillTimes, rowsOf, type SqliteRows, sqliteRows, type Stamps } from './sqlite-rows.js';
import { type BulkWriter, borrowConnection, type ConflictMode, durationNeeded, firstConflict, ImportConflictError, noCounts, type PooledConnection, quotedTables, SQLITE_CHUNK_ROWS, type TableNames, type WriteCounts } from './writer.js';
import { VIDEO_MEDIA_TYPES } from '../records.js';
import { toSqlAlchemyText } from '../types/timestamp-text.js';

/** The video table's columns, as a list for insert. */
const COLUMNS = ['id', ...VIDEO_FIELD_KEYS];

/** The import's page cache, in KiB (negative: `PRAGMA cache_size` counts pages otherwise). */
const IMPORT_CACHE_SIZE = -16_384;

/** What is stored under an id: the media row and, for a video, its fields. */
interface Stored extends VideoFieldValues {
  id: string;
  media_type: string;
  created_at: string;
  updated_at: string;
  /** The extended_video row's, null for a plain video. */
  duration: number | null;
  status: string | null;
}

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** Whether writing `row` over `stored` would change nothing: same fields, and the same timestamps where the record gives them. */
function matches(row: ImportRow, stored: Stored): boolean {
  return (
    VIDEO_FIELD_KEYS.every((key) => row[key] === stored[key]) &&
    row.duration === stored.duration &&
    (row.status === null || row.status.toUpperCase() === stored.status) &&
    (!row.createdAt || toSqlAlchemyText(row.createdAt) === stored.created_at) &&
    (!row.updatedAt || toSqlAlchemyText(row.updatedAt) === stored.updated_at)
  );
}

/**
 * SQLite bulk writes on the raw libsql connection of MikroORM's pool: multi-row prepared
 * INSERTs (media then video) inside one `BEGIN IMMEDIATE` transaction per batch. The write lock
 * held from BEGIN makes reading what is stored and writing over it one atomic step.
 */
export class SqliteBulkWriter implements BulkWriter {
  private counts: WriteCounts = noCounts();
  private readonly sql: SqliteStatements;
  private readonly tables: TableNames;
  private readonly search: SqliteSearchUpkeep;
  /** The connection's page cache size before the import (`PRAGMA cache_size`), given back on release. */
  private readonly cacheSize: number;

  private constructor(
    private readonly lease: PooledConnection<SqliteConnection>,
    em: StoreEntityManager,
    private readonly mode: ConflictMode,
  ) {
    this.sql = new SqliteStatements(lease.connection, SQLITE_CHUNK_ROWS);
    this.tables = quotedTables(em);
    this.search = new SqliteSearchUpkeep(lease.connection, this.tables.video);
    this.cacheSize = this.sql.all<{ cache_size: number }>('pragma cache_size', [])[0].cache_size;
    // SQLite's default 2 MiB thrashes once the id indexes outgrow it: random (UUID) ids insert all over them.
    this.sql.run(`pragma cache_size = ${IMPORT_CACHE_SIZE}`);
  }

  static async open(em: StoreEntityManager, mode: ConflictMode): Promise<SqliteBulkWriter> {
    return new SqliteBulkWriter(await borrowConnection<SqliteConnection>(em), em, mode);
  }

  async begin(): Promise<void> {
    this.counts = noCounts();
    this.sql.run('BEGIN IMMEDIATE');
    this.search.begin();
  }

  async add(rows: ImportRow[]): Promise<void> {
    if (rows.length > 0) this.write(rows);
  }

  async addEncoded(rows: SqliteRows): Promise<void> {
    if (rows.count > 0) this.insertOrFail(rows);
  }

  async commit(): Promise<WriteCounts> {
    this.search.end();
    this.sql.run('COMMIT');
    return this.counts;
  }

  async rollback(): Promise<void> {
    try {
      this.sql.run('ROLLBACK');
    } catch {
      // SQLite already ended the transaction (an error that rolls back on its own)
    }
  }

  async release(): Promise<void> {
    try {
      this.sql.run(`pragma cache_size = ${this.cacheSize}`);
      this.sql.finalize();
    } finally {
      await this.lease.release();
    }
  }

  private write(rows: ImportRow[]): void {
    if (this.mode === 'error') return this.insertOrFail(sqliteRows(rows));
    const stored = this.stored(rows);
    const now = toSqlAlchemyText(new Date());
    const fresh: ImportRow[] = [];
    const changed: ImportRow[] = [];
    const stamps: Stamps[] = [];
    for (const row of rows) {
      const old = stored.get(row.id);
      if (!old) fresh.push(row);
      else if (this.mode === 'skip') this.counts.skipped++;
      else if (!(VIDEO_MEDIA_TYPES as readonly string[]).includes(old.media_type)) throw new ImportConflictError(row.line, row.id, ` (a ${old.media_type}, not a video)`);
      else if (old.duration !== null && row.duration === null) throw durationNeeded(row);
      else if (matches(row, old)) this.counts.unchanged++;
      // A record without created_at keeps the stored one; without updated_at, the change is dated now.
      else {
        changed.push(row);
        stamps.push({
          createdAt: row.createdAt ? toSqlAlchemyText(row.createdAt) : old.created_at,
          updatedAt: row.updatedAt ? toSqlAlchemyText(row.updatedAt) : now,
          status: row.status?.toUpperCase() ?? old.status ?? 'CREATED',
        });
      }
    }
    this.search.replacing(changed.map((row) => row.id));
    const written = [sqliteRows(fresh), sqliteRows(changed, stamps)];
    fillTimes(written[0], now);
    this.insert(written[0], false);
    this.insert(written[1], true);
    for (const part of written) this.search.written(part);
    this.counts.inserted += fresh.length;
    this.counts.updated += changed.length;
  }

  private insertOrFail(rows: SqliteRows): void {
    fillTimes(rows, toSqlAlchemyText(new Date()));
    try {
      this.insert(rows, false);
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      // The failed statement left nothing behind; find the row at fault for the message.
      const written = rowsOf(rows);
      const row = firstConflict(written, new Set(this.stored(written).keys()));
      if (row) throw new ImportConflictError(row.line, row.id);
      throw error;
    }
    this.search.written(rows);
    this.counts.inserted += rows.count;
  }

  /** Writes media, video and (with a duration) extended_video rows; with `replace`, over the stored ones of the same ids. */
  private insert(rows: SqliteRows, replace: boolean): void {
    if (rows.count === 0) return;
    const { media, video, extended } = this.tables;
    const values = (n: number, row: string) => new Array<string>(n).fill(row).join(', ');
    const mediaSql =
      `insert into ${media} (id, media_type, created_at, updated_at) values ${values(rows.count, '(?, ?, ?, ?)')}` +
      (replace ? ' on conflict (id) do update set media_type = excluded.media_type, created_at = excluded.created_at, updated_at = excluded.updated_at' : '');
    const videoSql =
      `insert into ${video} (${COLUMNS.join(', ')}) values ${values(rows.count, `(${COLUMNS.map(() => '?').join(', ')})`)}` +
      (replace ? ` on conflict (id) do update set ${VIDEO_FIELD_KEYS.map((key) => `${key} = excluded.${key}`).join(', ')}` : '');
    this.sql.execute(mediaSql, rows.count, rows.media);
    this.sql.execute(videoSql, rows.count, rows.video);
    const extendedRows = rows.extended.length / 3;
    if (extendedRows === 0) return;
    const extendedSql =
      `insert into ${extended} (id, duration, status) values ${values(extendedRows, '(?, ?, ?)')}` +
      (replace ? ' on conflict (id) do update set duration = excluded.duration, status = excluded.status' : '');
    this.sql.execute(extendedSql, extendedRows, rows.extended);
  }

  private stored(rows: ReadonlyArray<{ id: string }>): Map<string, Stored> {
    const ids = [...new Set(rows.map((row) => row.id))];
    const { media, video, extended } = this.tables;
    const found = this.sql.all<Stored>(
      `select m.id, m.media_type, m.created_at, m.updated_at, ${VIDEO_FIELD_KEYS.map((key) => `v.${key}`).join(', ')}, e.duration, e.status ` +
        `from ${media} m left join ${video} v on v.id = m.id left join ${extended} e on e.id = m.id ` +
        `where m.id in (${new Array<string>(ids.length).fill('?').join(', ')})`,
      ids,
    );
    return new Map(found.map((stored) => [stored.id, stored]));
  }
}
