import type { EntityClass, FindOneOptions } from '@mikro-orm/core';
import { NotFoundError } from '../../errors.js';
import { MediaEntity } from '../entities/media.entity.js';
import { VIDEO_MEDIA_TYPE, VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { dbTimestampToIso, isSqlitePlatform } from '../types/aana-timestamp.type.js';
import { type VideoInput, validateVideoInput } from '../validation.js';
import { MediaRepository } from './media.repository.js';

/** A video as every output format shows it; timestamps are ISO 8601 in UTC. */
export interface VideoRecord {
  id: string;
  url: string | null;
  path: string | null;
  title: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export const VIDEO_RECORD_KEYS = ['id', 'url', 'path', 'title', 'description', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof VideoRecord>;

export interface VideoMetadata {
  title: string | null;
  description: string | null;
}

export interface ListOptions {
  /** At most this many videos. */
  limit?: number;
  /** Start after the video with this id, in list order. */
  after?: string;
  /** Rows fetched per query; memory stays bounded by one page. */
  pageSize?: number;
}

interface ListRow {
  id: string;
  url: string | null;
  path: string | null;
  title: string | null;
  description: string | null;
  created_at: unknown;
  updated_at: unknown;
  /** created_at exactly as stored, for keyset paging without precision loss. */
  cursor_ts: unknown;
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

  /** Removes the video and its media row together. */
  override async delete(mediaId: string): Promise<V> {
    const entity = await this.read(mediaId);
    await this.em.remove([entity, entity.media]).flush();
    return entity;
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
   * Streams videos in the stable order (created_at, id), a page at a time with keyset paging, so
   * memory stays bounded however many rows there are. Reads raw rows: hydrating entities one by
   * one is several times slower and this is the path for large lists.
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
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    const cursor = options.after === undefined ? undefined : await this.cursorOf(options.after);
    const fetch = (after: typeof cursor, take: number) => {
      const { sql, params } = this.listQuery(after, take);
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
        next = fetch({ ts: last.cursor_ts, id: last.id }, Math.min(pageSize, remaining));
      }
      if (page.length > 0) yield page.map((row) => this.rowToRecord(row));
    }
  }

  private get sqlite(): boolean {
    return isSqlitePlatform(this.em.getPlatform());
  }

  private tables(): { media: string; video: string } {
    const metadata = this.em.getMetadata();
    return { media: metadata.get(MediaEntity.name).tableName, video: metadata.get(this.entityClass.name).tableName };
  }

  private listQuery(cursor: { ts: unknown; id: string } | undefined, limit: number): { sql: string; params: unknown[] } {
    const { media, video } = this.tables();
    // PostgreSQL keeps microseconds that a JS Date would drop, so the cursor travels as text.
    const cursorColumn = this.sqlite ? 'm.created_at' : 'm.created_at::text';
    const cursorParam = this.sqlite ? '?' : '?::timestamptz';
    const params: unknown[] = [VIDEO_MEDIA_TYPE];
    let where = 'm.media_type = ?';
    if (cursor) {
      // A row-value comparison lets both databases range-scan ix_media_created_at_id.
      where += ` and (m.created_at, m.id) > (${cursorParam}, ?)`;
      params.push(cursor.ts, cursor.id);
    }
    params.push(limit);
    const sql =
      `select m.id, v.url, v.path, v.title, v.description, m.created_at, m.updated_at, ${cursorColumn} as cursor_ts ` +
      `from ${this.quote(media)} m join ${this.quote(video)} v on v.id = m.id where ${where} order by m.created_at, m.id limit ?`;
    return { sql, params };
  }

  private async cursorOf(id: string): Promise<{ ts: unknown; id: string }> {
    const { media } = this.tables();
    const column = this.sqlite ? 'created_at' : 'created_at::text';
    const rows = await this.query<{ cursor_ts: unknown }>(`select ${column} as cursor_ts from ${this.quote(media)} where id = ?`, [id]);
    if (rows.length === 0) throw new NotFoundError(this.tableName, id);
    return { ts: rows[0].cursor_ts, id };
  }

  /** A raw query through MikroORM's connection, with driver errors converted as the ORM converts them. */
  private async query<R>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return await this.em.getConnection().execute<R[]>(sql, params, 'all');
    } catch (error) {
      throw this.em.getDriver().convertException(error as Error);
    }
  }

  private quote(identifier: string): string {
    return this.em.getPlatform().quoteIdentifier(identifier);
  }

  private rowToRecord(row: ListRow): VideoRecord {
    return {
      id: row.id,
      url: row.url,
      path: row.path,
      title: row.title,
      description: row.description,
      created_at: dbTimestampToIso(row.created_at),
      updated_at: dbTimestampToIso(row.updated_at),
    };
  }
}
