import type { PoolClient } from 'pg';
import { VIDEO_FIELD_KEYS } from '../entities/video.fields.js';
import type { StoreEntityManager } from '../orm.js';
import { takeImportTurn } from '../import-turn.js';
import { SET_STATEMENT_TIMEOUT, statementTimeoutOf } from '../statement-timeout.js';
import { copyRows, copyText, EXTENDED_COPY_COLUMNS, extendedLine, MEDIA_COPY_COLUMNS, mediaLine, STAGE_COLUMNS, VIDEO_COPY_COLUMNS, videoLine } from './pg-copy.js';
import type { ImportRow } from './records.js';
import { PgSearchUpkeep } from './search-upkeep.js';
import { type BulkWriter, borrowConnection, type ConflictMode, durationNeeded, ImportConflictError, noCounts, type PooledConnection, quotedTables, type TableNames, type WriteCounts } from './writer.js';
import { EXTENDED_VIDEO_MEDIA_TYPE, VIDEO_MEDIA_TYPE, VIDEO_MEDIA_TYPES } from '../records.js';

const STAGE = 'aana_store_import';
/** The media type of a staged row `s`: an extended video when it has a duration. */
const TYPE_OF = (s: string) => `case when ${s}.duration is null then '${VIDEO_MEDIA_TYPE}' else '${EXTENDED_VIDEO_MEDIA_TYPE}' end`;
const VIDEO_TYPES = VIDEO_MEDIA_TYPES.map((type) => `'${type}'`).join(', ');
/** The video table's columns, as a list for insert and select. */
const COLUMNS = ['id', ...VIDEO_FIELD_KEYS].join(', ');
const EXCLUDED = VIDEO_FIELD_KEYS.map((key) => `${key} = excluded.${key}`).join(', ');
/** A stored video (`v`) differs from its staged record (`s`). */
const DIFFERS = VIDEO_FIELD_KEYS.map((key) => `v.${key} is distinct from s.${key}`).join(' or ');

/** Where a COPY stopped: the server's context for an error on its n-th line (`COPY media, line 3`). */
const COPY_LINE = /COPY [^,\n]+, line (\d+)/;
/**
 * A COPY into media stops at an id that is stored (unique_violation) or that another transaction is
 * writing and waits for it; when that one waits for this import in turn, the server ends the wait
 * (deadlock_detected). Either way the id is that other writer's: a conflict at that line.
 */
const ID_TAKEN = new Set(['23505', '40P01']);

/** The transaction's timestamp, what now() gives every statement of it, as COPY reads it back exactly. */
const NOW_TEXT = `select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`;

/**
 * PostgreSQL bulk writes on a client of MikroORM's pool, one transaction per batch. Under
 * `--on-conflict error` (the default) each chunk is COPYed straight into media, video and
 * extended_video, as `psql \copy` would: the first id already there stops the COPY at its line, and
 * the search index's statement triggers index each COPY's rows as one set. Under the other modes
 * each chunk is COPYed into a temporary table, then moved into media and video by set-based
 * statements that handle conflicts atomically (INSERT … ON CONFLICT, rows locked in id order), so
 * that concurrent imports neither fail on each other's new ids nor deadlock, and the import brings
 * the index up to date itself. No statement covers more than one chunk: a whole import never runs
 * into the per-statement `query_timeout`.
 */
export class PgBulkWriter implements BulkWriter {
  private counts: WriteCounts = noCounts();
  private pending?: Promise<void>;
  private readonly tables: TableNames;
  private readonly client: PoolClient;
  private readonly timeout?: number;
  /** Why the server closed the connection, when it did: the queries after it only say "not queryable". */
  private lost?: Error;
  private readonly onLost = (error: Error) => (this.lost ??= error);
  private readonly search: PgSearchUpkeep;
  /** The transaction's now() as text, for records without timestamps written by the direct COPYs. */
  private now = '';

  private constructor(
    private readonly lease: PooledConnection<PoolClient>,
    em: StoreEntityManager,
    private readonly mode: ConflictMode,
  ) {
    this.client = lease.connection;
    this.tables = quotedTables(em);
    this.timeout = statementTimeoutOf(em);
    this.client.on('error', this.onLost);
    this.search = new PgSearchUpkeep(this.client, this.tables.video);
  }

  static async open(em: StoreEntityManager, mode: ConflictMode): Promise<PgBulkWriter> {
    return new PgBulkWriter(await borrowConnection<PoolClient>(em), em, mode);
  }

  async begin(): Promise<void> {
    this.counts = noCounts();
    await this.reasoned(async () => {
      await this.client.query('begin');
      if (this.timeout !== undefined) await this.client.query(SET_STATEMENT_TIMEOUT, [String(this.timeout)]);
      await takeImportTurn(async (sql) => (await this.client.query<Record<string, unknown>>(sql)).rows);
      if (this.mode === 'error') {
        this.now = (await this.client.query<{ now: string }>(NOW_TEXT)).rows[0].now;
        return;
      }
      await this.client.query(`create temporary table ${STAGE} (${STAGE_COLUMNS}) on commit drop`);
      await this.search.begin();
    });
  }

  /** Starts writing `rows` and returns once the previous call's rows are written: the next chunk is parsed meanwhile. */
  async add(rows: ImportRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.settle();
    const write = this.write(rows);
    write.catch(() => undefined);
    this.pending = write;
  }

  async commit(): Promise<WriteCounts> {
    await this.settle();
    await this.reasoned(() => this.client.query('commit'));
    return this.counts;
  }

  async rollback(): Promise<void> {
    await this.pending?.catch(() => undefined);
    this.pending = undefined;
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
    this.client.off('error', this.onLost);
    await this.lease.release();
  }

  private async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    await this.reasoned(async () => pending);
  }

  /** Runs `step`; when it fails on a connection the server closed, the server's reason is the error. */
  private async reasoned<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.lost ?? error;
    }
  }

  private async write(rows: ImportRow[]): Promise<void> {
    if (this.mode === 'error') return this.copyNew(rows);
    await copyRows(this.client, STAGE, rows);
    const inserted = await this.insertNew();
    this.counts.inserted += inserted.length;
    let replaced: string[] = [];
    if (this.mode === 'update') replaced = await this.update(rows, inserted.length);
    else this.counts.skipped += rows.length - inserted.length;
    await this.search.written(inserted, replaced);
    await this.client.query(`truncate ${STAGE}`);
  }

  /** COPYs new rows into the tables themselves; an id already stored (or earlier in the import) fails at its line. */
  private async copyNew(rows: ImportRow[]): Promise<void> {
    const { media, video, extended } = this.tables;
    try {
      await copyText(this.client, `copy ${media} (${MEDIA_COPY_COLUMNS}) from stdin`, rows.map((row) => mediaLine(row, this.now)).join(''));
    } catch (error) {
      const { code, where } = error as { code?: string; where?: string };
      const at = code && ID_TAKEN.has(code) ? COPY_LINE.exec(where ?? '') : null;
      const row = at ? rows[Number(at[1]) - 1] : undefined;
      throw row ? new ImportConflictError(row.line, row.id) : error;
    }
    await copyText(this.client, `copy ${video} (${VIDEO_COPY_COLUMNS}) from stdin`, rows.map(videoLine).join(''));
    const extendedRows = rows.filter((row) => row.duration !== null);
    if (extendedRows.length > 0) await copyText(this.client, `copy ${extended} (${EXTENDED_COPY_COLUMNS}) from stdin`, extendedRows.map(extendedLine).join(''));
    this.counts.inserted += rows.length;
  }

  /**
   * Inserts the staged rows whose ids are not stored, in id order (the order concurrent imports lock
   * them in). An id another transaction is inserting waits for it, then counts as stored. Returns
   * the ids inserted.
   */
  private async insertNew(): Promise<string[]> {
    const { media, video, extended } = this.tables;
    const result = await this.client.query<{ id: string }>(
      `with src as (select distinct on (id) * from ${STAGE} order by id, line), ` +
        `ins as (insert into ${media} (id, media_type, created_at, updated_at) select id, ${TYPE_OF('src')}, coalesce(created_at, now()), coalesce(updated_at, now()) from src order by id on conflict (id) do nothing returning id), ` +
        `vid as (insert into ${video} (${COLUMNS}) select ${['id', ...VIDEO_FIELD_KEYS].map((column) => `s.${column}`).join(', ')} from src s join ins on ins.id = s.id returning id), ` +
        `ext as (insert into ${extended} (id, duration, status) select s.id, s.duration, coalesce(s.status, 'CREATED') from src s join vid on vid.id = s.id where s.duration is not null) ` +
        'select id from vid',
    );
    return result.rows.map((row) => row.id);
  }

  /**
   * After the new ids are inserted: the stored videos that differ from their record are locked in id
   * order and rewritten, every field from the record, created_at kept unless given, updated_at as
   * given or now. The others (and those just inserted) are unchanged. Returns the ids rewritten.
   */
  private async update(rows: ImportRow[], inserted: number): Promise<string[]> {
    const { media, video, extended } = this.tables;
    const differ =
      `v.id is null or ${DIFFERS} or s.created_at <> m.created_at or s.updated_at <> m.updated_at ` +
      'or e.duration is distinct from s.duration or (s.status is not null and e.status is distinct from s.status)';
    const { rows: targets } = await this.client.query<{ id: string; media_type: string; keeps_duration: boolean }>(
      `select m.id, m.media_type, (e.id is not null and s.duration is null) as keeps_duration from ${media} m join ${STAGE} s on s.id = m.id ` +
        `left join ${video} v on v.id = m.id left join ${extended} e on e.id = m.id ` +
        `where m.media_type not in (${VIDEO_TYPES}) or ${differ} order by m.id for update of m`,
    );
    const other = targets.filter((target) => !(VIDEO_MEDIA_TYPES as readonly string[]).includes(target.media_type));
    if (other.length > 0) {
      const types = new Map(other.map((target) => [target.id, target.media_type]));
      const row = rows.find((r) => types.has(r.id)) as ImportRow;
      throw new ImportConflictError(row.line, row.id, ` (a ${types.get(row.id)}, not a video)`);
    }
    const keeping = new Set(targets.filter((target) => target.keeps_duration).map((target) => target.id));
    if (keeping.size > 0) throw durationNeeded(rows.find((r) => keeping.has(r.id)) as ImportRow);
    const ids = targets.map((target) => target.id);
    if (targets.length > 0) {
      await this.client.query(
        `update ${media} m set media_type = ${TYPE_OF('s')}, created_at = coalesce(s.created_at, m.created_at), updated_at = coalesce(s.updated_at, now()) from ${STAGE} s where s.id = m.id and m.id = any($1)`,
        [ids],
      );
      await this.client.query(
        `insert into ${video} (${COLUMNS}) select ${COLUMNS} from ${STAGE} where id = any($1) on conflict (id) do update set ${EXCLUDED}`,
        [ids],
      );
      // A record without a status keeps the stored one; a plain video given a duration starts as created.
      await this.client.query(
        `insert into ${extended} (id, duration, status) select s.id, s.duration, coalesce(s.status, e.status, 'CREATED') from ${STAGE} s left join ${extended} e on e.id = s.id ` +
          'where s.id = any($1) and s.duration is not null on conflict (id) do update set duration = excluded.duration, status = excluded.status',
        [ids],
      );
    }
    this.counts.updated += targets.length;
    this.counts.unchanged += rows.length - inserted - targets.length;
    return ids;
  }
}
