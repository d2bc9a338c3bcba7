import { MediaIdAlreadyExistsError, quoted } from '../../errors.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { MediaEntity } from '../entities/media.entity.js';
import { VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import type { ConflictMode } from '../conflict.js';
import { type ImportRow, LineError } from './records.js';
import type { ChunkOptions } from './row-chunks.js';
import type { SqliteRows } from './sqlite-rows.js';
import { VIDEO_FIELD_KEYS } from '../entities/video.fields.js';

export type { ConflictMode };

/** What happened to each written record: every record counts in exactly one of these. */
export interface WriteCounts {
  /** A new id, written. */
  inserted: number;
  /** A stored video that the record changed (`update`). */
  updated: number;
  /** A stored video the record matched already (`update`): left as it was. */
  unchanged: number;
  /** A stored id left alone (`skip`). */
  skipped: number;
}

export const noCounts = (): WriteCounts => ({ inserted: 0, updated: 0, unchanged: 0, skipped: 0 });

/** Rows per SQLite statement: their parameters stay well inside SQLite's 32,766 variables. */
export const SQLITE_CHUNK_ROWS = Math.min(2000, Math.floor(16_000 / (1 + VIDEO_FIELD_KEYS.length)));
/** Rows per PostgreSQL chunk: each chunk is a handful of statements, each well inside any sensible `query_timeout`. */
export const PG_CHUNK_ROWS = 2000;

/**
 * How the writer of SQLite (`sqlite`) or PostgreSQL takes rows under `mode`: chunks of how many,
 * and on SQLite new rows (`--on-conflict error`) as SqliteRows, ready for its statements; the other
 * modes compare rows with the stored ones first. The input can be parsed before the database is open.
 */
export function chunkingFor(sqlite: boolean, mode: ConflictMode): Pick<ChunkOptions, 'chunkSize' | 'encoding'> {
  return sqlite ? { chunkSize: SQLITE_CHUNK_ROWS, encoding: mode === 'error' ? 'sqlite' : undefined } : { chunkSize: PG_CHUNK_ROWS };
}

/**
 * Writes validated rows to one database, set-based, on a connection of its own taken from
 * MikroORM's pool. Rows are handed over in chunks between `begin` and `commit`.
 */
export interface BulkWriter {
  begin(): Promise<void>;
  /** Writes rows in order; under `skip` and `update` no id appears twice in one call (see `distinctRounds`). */
  add(rows: ImportRow[]): Promise<void>;
  /** New rows as SqliteRows, where `chunkingFor` says so (encoded by row-chunks.ts, in the parsing worker if there is one). */
  addEncoded?(rows: SqliteRows): Promise<void>;
  /** Commits the open transaction; returns what it wrote. */
  commit(): Promise<WriteCounts>;
  rollback(): Promise<void>;
  /** After the last commit: whatever keeps the database fast afterwards. */
  finish?(): Promise<void>;
  /** Returns the connection to the pool. */
  release(): Promise<void>;
}

/** An id in the input that is already stored (or appears twice), under `--on-conflict error`. */
export class ImportConflictError extends MediaIdAlreadyExistsError {
  constructor(
    readonly line: number,
    id: string,
    detail = '',
  ) {
    super('media', id);
    this.message = `line ${line}: id: media already exists: ${quoted(id)}${detail}`;
  }
}

/** A raw driver connection borrowed from MikroORM's (knex's) pool for the length of an import. */
export interface PooledConnection<C> {
  connection: C;
  release(): Promise<void>;
}

interface KnexPool<C> {
  acquireConnection(): Promise<C>;
  releaseConnection(connection: C): Promise<void>;
}

export async function borrowConnection<C>(em: StoreEntityManager): Promise<PooledConnection<C>> {
  const pool = em.getConnection().getKnex().client as KnexPool<C>;
  const connection = await pool.acquireConnection();
  return { connection, release: () => pool.releaseConnection(connection) };
}

export interface TableNames {
  media: string;
  video: string;
  extended: string;
}

/** The quoted names of the media, video and extended_video tables, as the entities map them. */
export function quotedTables(em: StoreEntityManager): TableNames {
  const metadata = em.getMetadata();
  const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
  return {
    media: quote(metadata.get(MediaEntity.name).tableName),
    video: quote(metadata.get(VideoEntity.name).tableName),
    extended: quote(metadata.get(ExtendedVideoEntity.name).tableName),
  };
}

/** A record without a duration over a stored extended video: refused, as `video update --unset duration` is. */
export function durationNeeded(row: ImportRow): LineError {
  return new LineError(row.line, 'duration', `${quoted(row.id)} is an extended video: a record updating it must give its duration (a duration cannot be removed)`);
}

/** The first row (in input order) whose id is in `taken` or repeats an earlier row of `rows`. */
export function firstConflict<R extends { id: string }>(rows: readonly R[], taken: ReadonlySet<string>): R | undefined {
  const seen = new Set<string>();
  for (const row of rows) {
    if (taken.has(row.id) || seen.has(row.id)) return row;
    seen.add(row.id);
  }
  return undefined;
}

/**
 * Splits rows into runs without a repeated id, in order: the first occurrence of every id, then the
 * second ones, and so on. Written one after the other, they leave what writing each row in turn would.
 */
export function distinctRounds(rows: readonly ImportRow[]): ImportRow[][] {
  const occurrences = new Map<string, number>();
  const rounds: ImportRow[][] = [];
  for (const row of rows) {
    const n = occurrences.get(row.id) ?? 0;
    occurrences.set(row.id, n + 1);
    (rounds[n] ??= []).push(row);
  }
  return rounds;
}
