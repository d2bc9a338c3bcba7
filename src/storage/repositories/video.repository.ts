import { type EntityClass, type FindOneOptions, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MediaIdAlreadyExistsError, NotFoundError, UnreadableValueError } from '../../errors.js';
import { MediaEntity } from '../entities/media.entity.js';
import { VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { type VideoInput, validateMediaId, validateVideoInput } from '../validation.js';
import { lockMediaRows, lockedRowOptions, writeTransaction } from '../write-transaction.js';
import { rawQuery } from '../raw-query.js';
import { VIDEO_MEDIA_TYPE, type VideoRecord } from '../records.js';
import { MediaRepository } from './media.repository.js';
import {
  DEFAULT_SORT,
  type SortCursor,
  type SqlDialect,
  type VideoFilter,
  type VideoSort,
  type VideoTables,
  videoCountQuery,
  videoCursorQuery,
  videoListQuery,
} from './video-query.js';
import { videoSearchQuery } from './video-search.js';
import type { SearchQuery } from '../search/query-syntax.js';
import { isSqlitePlatform } from '../platform.js';
import { rowTimestampToIso } from '../types/timestamp-text.js';

/** Fields `update` changes; `null` clears one, a missing key leaves it. */
export type VideoChanges = Partial<Record<'url' | 'path' | 'title' | 'description', string | null>>;

/** Most results a search returns unless told otherwise; ranking needs every match at once. */
export const MAX_SEARCH_RESULTS = 1000;
const DELETE_CHUNK = 500;
/** Transactions `addOrMerge` tries; each retry follows another process's insert of the same id. */
const MERGE_ATTEMPTS = 3;
const CHANGEABLE = ['url', 'path', 'title', 'description'] as const;

export interface VideoMetadata {
  title: string | null;
  description: string | null;
}

export interface ListOptions {
  /** At most this many videos. */
  limit?: number;
  /** Start after the video with this id, in list order. */
  after?: string;
  /** Only videos matching this. */
  filter?: VideoFilter;
  /** Order (default: created_at, then id, ascending). */
  sort?: VideoSort;
  /** Rows fetched per query; memory stays bounded by one page. */
  pageSize?: number;
  /** A row that cannot be converted is handed here and skipped; without it, it ends the listing. */
  onUnreadable?: (error: UnreadableValueError) => void;
}

/** A video as the raw queries select it (VIDEO_COLUMNS). */
export interface VideoRow {
  id: string;
  url: string | null;
  path: string | null;
  title: string | null;
  description: string | null;
  created_at: unknown;
  updated_at: unknown;
}

interface ListRow extends VideoRow {
  /** The sort key exactly as stored, for keyset paging without precision loss. */
  cursor_key: unknown;
}

/** Aana's VideoRepository: a video and its media row are written and read together. */
export class VideoRepository<V extends VideoEntity = VideoEntity> extends MediaRepository<V> {
  constructor(em: StoreEntityManager, entityClass: EntityClass<V> = VideoEntity as unknown as EntityClass<V>) {
    super(em, entityClass);
  }

  /** Validates and stores a video with its media row in one transaction; returns its media id. */
  async save(video: VideoInput): Promise<{ mediaId: string }> {
    const entity = await this.add(video);
    return { mediaId: entity.id };
  }

  /** As `save`, returning the stored entity. */
  async add(video: VideoInput): Promise<V> {
    const fields = validateVideoInput(video);
    // Plain constructors, not em.create(): em.create() merges into an entity with the same id that
    // this unit of work already holds, which would turn a duplicate insert into a silent update.
    const media = Object.assign(new MediaEntity(), { mediaType: VIDEO_MEDIA_TYPE }, fields.id ? { id: fields.id } : {});
    const entity = Object.assign(new (this.entityClass as new () => V)(), {
      media,
      url: fields.url,
      path: fields.path,
      title: fields.title,
      description: fields.description,
    });
    return this.create(entity);
  }

  async getMetadata(mediaId: string): Promise<VideoMetadata> {
    const entity = await this.read(mediaId);
    return { title: entity.title ?? null, description: entity.description ?? null };
  }

  protected override readOptions(): FindOneOptions<V, never> {
    return { populate: ['media'] as never };
  }

  toRecord(entity: V): VideoRecord {
    return {
      id: entity.media.id,
      url: entity.url ?? null,
      path: entity.path ?? null,
      title: entity.title ?? null,
      description: entity.description ?? null,
      created_at: entity.media.createdAt.toISOString(),
      updated_at: entity.media.updatedAt.toISOString(),
    };
  }

  /**
   * Streams videos matching `filter` in `sort` order (default: created_at, then id), a page at a
   * time with keyset paging on (sort key, id), so memory stays bounded however many rows there are.
   * Reads raw rows: hydrating entities one by one is several times slower and this is the path for
   * large lists.
   */
  async *list(options: ListOptions = {}): AsyncGenerator<VideoRecord> {
    for await (const page of this.listPages(options)) yield* page;
  }

  /**
   * `list` a page at a time, for bulk readers (export) that would rather not pay a promise per row.
   * The next page is already being read while the caller handles this one.
   */
  async *listPages(options: ListOptions = {}): AsyncGenerator<VideoRecord[]> {
    const pageSize = options.pageSize ?? 1000;
    const sort = options.sort ?? DEFAULT_SORT;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    const cursor = options.after === undefined ? undefined : await this.cursorOf(sort, options.after);
    const fetch = (after: typeof cursor, take: number) => {
      const { sql, params } = videoListQuery(this.dialect, this.tables(), { filter: options.filter, sort, cursor: after, limit: take });
      const rows = this.query<ListRow>(sql, params);
      rows.catch(() => undefined); // awaited below; not unhandled if the caller stops early
      return { rows, take };
    };
    let next: ReturnType<typeof fetch> | undefined = fetch(cursor, Math.min(pageSize, remaining));
    while (next) {
      const { rows, take } = next;
      const page = await rows;
      remaining -= page.length;
      next = undefined;
      if (page.length === take && remaining > 0) {
        const last = page[page.length - 1];
        next = fetch({ key: last.cursor_key, id: last.id }, Math.min(pageSize, remaining));
      }
      if (page.length > 0) yield this.recordsOf(page, options.onUnreadable);
    }
  }

  /** How many videos match `filter`. */
  async count(filter: VideoFilter = {}): Promise<number> {
    const { sql, params } = videoCountQuery(this.dialect, this.tables(), filter);
    const rows = await this.query<{ n: number | string }>(sql, params);
    return Number(rows[0].n);
  }

  /** Videos whose title or description match the query (parseSearchQuery's syntax), best match first. */
  async search(words: string | SearchQuery, options: { limit?: number } = {}): Promise<VideoRecord[]> {
    const { sql, params } = videoSearchQuery(this.dialect, this.tables(), words, options.limit ?? MAX_SEARCH_RESULTS);
    return (await this.query<VideoRow>(sql, params)).map((row) => this.rowToRecord(row));
  }

  /**
   * Changes the given fields of a video (`null` clears one) and moves its `updated_at`, in one
   * transaction. The result must still be a valid video (a url or a path), checked against the row
   * as stored, locked until the change commits, so concurrent updates cannot together break it.
   */
  async update(mediaId: string, changes: VideoChanges): Promise<V> {
    return writeTransaction(this.em, async (em) => {
      // The media row first, in the order deletes take it, so an update and a delete queue.
      await lockMediaRows(em, [mediaId]);
      const entity = await this.lockedRead(em, mediaId);
      if (!entity) throw new NotFoundError(this.tableName, mediaId);
      return this.change(em, entity, changes);
    });
  }

  /**
   * Adds a video, or when its id is taken by a video, leaves that one (`ignore`) or changes the
   * given fields (`update`), atomically: processes doing this at once with one id all succeed, one
   * adding and the others keeping or updating. An id taken by media of another kind is still
   * MediaIdAlreadyExistsError.
   */
  async addOrMerge(video: VideoInput, onConflict: 'ignore' | 'update'): Promise<{ entity: V; outcome: 'added' | 'kept' | 'updated' }> {
    const id = video.id === undefined || video.id === null ? null : validateMediaId(String(video.id));
    if (id === null) return { entity: await this.add(video), outcome: 'added' };
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeTransaction(this.em, (em) => this.addOrMergeIn(em, id, video, onConflict));
      } catch (error) {
        // PostgreSQL: another transaction inserted the id after this one looked; the next look sees it.
        const raced = error instanceof MediaIdAlreadyExistsError && error.cause instanceof UniqueConstraintViolationException;
        if (!raced || attempt >= MERGE_ATTEMPTS) throw error;
      }
    }
  }

  private async addOrMergeIn(em: StoreEntityManager, id: string, video: VideoInput, onConflict: 'ignore' | 'update') {
    const existing = await this.lockedRead(em, id);
    if (!existing) {
      // Media of another kind holds the id for good. (A video's media row seen without its video row
      // was committed between this transaction's statements: the insert fails and the next attempt sees both.)
      if ((await em.count(MediaEntity, { id, mediaType: { $ne: VIDEO_MEDIA_TYPE } })) > 0) throw new MediaIdAlreadyExistsError('media', id);
      return { entity: await new VideoRepository<V>(em, this.entityClass).add(video), outcome: 'added' as const };
    }
    if (onConflict === 'ignore') return { entity: existing, outcome: 'kept' as const };
    const given = Object.fromEntries(CHANGEABLE.filter((key) => video[key] !== undefined).map((key) => [key, video[key]]));
    return { entity: await this.change(em, existing, given), outcome: 'updated' as const };
  }

  /** The video as stored now, locked until the transaction ends. */
  private async lockedRead(em: StoreEntityManager, id: string): Promise<V | null> {
    const options: FindOneOptions<V, never> = { ...this.readOptions(), ...lockedRowOptions(em) };
    return this.findById(em, id, options);
  }

  private async change(em: StoreEntityManager, entity: V, changes: VideoChanges): Promise<V> {
    const current = { url: entity.url ?? null, path: entity.path ?? null, title: entity.title ?? null, description: entity.description ?? null };
    const fields = validateVideoInput({ ...current, ...changes });
    Object.assign(entity, { url: fields.url, path: fields.path, title: fields.title, description: fields.description });
    // Only the video row may change, so media's onUpdate would not fire on its own.
    entity.media.updatedAt = new Date();
    await em.flush();
    return entity;
  }

  /**
   * Deletes videos with their media rows, all in one transaction; with `dryRun` only checks them.
   * Every id must be a video, or nothing is deleted (NotFoundError names the missing ones).
   */
  async deleteMany(mediaIds: Iterable<string>, options: { dryRun?: boolean } = {}): Promise<string[]> {
    const ids = [...new Set(mediaIds)];
    // A dry run only reads: it need not wait for the write lock.
    const transaction = options.dryRun ? (work: (em: StoreEntityManager) => Promise<string[]>) => this.em.transactional(work) : (work: (em: StoreEntityManager) => Promise<string[]>) => writeTransaction(this.em, work);
    return transaction(async (em) => {
      if (!options.dryRun) await lockMediaRows(em, ids);
      const found = new Set<string>();
      for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
        const chunk = ids.slice(start, start + DELETE_CHUNK);
        const rows = await em.find(MediaEntity, { id: { $in: chunk }, mediaType: VIDEO_MEDIA_TYPE }, { fields: ['id'] });
        for (const row of rows) found.add(row.id);
      }
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new NotFoundError(this.tableName, missing);
      if (options.dryRun) return ids;
      for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
        const chunk = ids.slice(start, start + DELETE_CHUNK);
        await em.nativeDelete(this.entityClass, { media: { $in: chunk } } as never);
        await em.nativeDelete(MediaEntity, { id: { $in: chunk } });
      }
      return ids;
    });
  }

  protected get dialect(): SqlDialect {
    return { sqlite: isSqlitePlatform(this.em.getPlatform()), quote: (identifier) => this.quote(identifier) };
  }

  protected tables(): VideoTables {
    const metadata = this.em.getMetadata();
    return { media: metadata.get(MediaEntity.name).tableName, video: metadata.get(this.entityClass.name).tableName };
  }

  private async cursorOf(sort: VideoSort, id: string): Promise<SortCursor> {
    const { sql, params } = videoCursorQuery(this.dialect, this.tables(), sort, id);
    const rows = await this.query<{ cursor_key: unknown }>(sql, params);
    if (rows.length === 0) throw new NotFoundError(this.tableName, id);
    return { key: rows[0].cursor_key, id };
  }

  protected query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return rawQuery<R>(this.em, sql, params);
  }

  private quote(identifier: string): string {
    return this.em.getPlatform().quoteIdentifier(identifier);
  }

  private recordsOf(rows: VideoRow[], onUnreadable: ListOptions['onUnreadable']): VideoRecord[] {
    if (!onUnreadable) return rows.map((row) => this.rowToRecord(row));
    const records: VideoRecord[] = [];
    for (const row of rows) {
      try {
        records.push(this.rowToRecord(row));
      } catch (error) {
        if (!(error instanceof UnreadableValueError)) throw error;
        onUnreadable(error);
      }
    }
    return records;
  }

  protected rowToRecord(row: VideoRow): VideoRecord {
    return {
      id: row.id,
      url: row.url,
      path: row.path,
      title: row.title,
      description: row.description,
      created_at: rowTimestampToIso(row.created_at, this.tableName, row.id, 'created_at'),
      updated_at: rowTimestampToIso(row.updated_at, this.tableName, row.id, 'updated_at'),
    };
  }
}
