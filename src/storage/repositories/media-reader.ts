import { NotFoundError, UnreadableValueError } from '../../errors.js';
import { MediaEntity } from '../entities/media.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { rawQuery } from '../raw-query.js';
import { isSqlitePlatform } from '../platform.js';
import type { MediaRecord } from '../records.js';
import { rowTimestampToIso } from '../types/timestamp-text.js';

export { MEDIA_RECORD_KEYS, type MediaRecord } from '../records.js';

export interface MediaListOptions {
  limit?: number;
  /** Start after the media row with this id. */
  after?: string;
  /** Only rows of this media_type. */
  mediaType?: string;
  pageSize?: number;
  /** A row that cannot be converted is handed here and skipped; without it, it ends the listing. */
  onUnreadable?: (error: UnreadableValueError) => void;
}

interface MediaRow {
  id: string;
  media_type: string;
  created_at: unknown;
  updated_at: unknown;
  cursor_ts: unknown;
}

function toRecord(row: Omit<MediaRow, 'cursor_ts'>): MediaRecord {
  const iso = (column: 'created_at' | 'updated_at') => rowTimestampToIso(row[column], 'media', row.id, column);
  return { id: row.id, media_type: row.media_type, created_at: iso('created_at'), updated_at: iso('updated_at') };
}

/** Reads media rows of every kind as records: one by id, or all in (created_at, id) order, keyset-paged. */
export class MediaReader {
  constructor(private readonly em: StoreEntityManager) {}

  /** One media row whatever its type. */
  async read(id: string): Promise<MediaRecord> {
    const entity = await this.em.findOne(MediaEntity, id).catch((error: unknown) => {
      throw error instanceof UnreadableValueError && !error.row ? error.inRow('media', id) : error;
    });
    if (!entity) throw new NotFoundError('media', id);
    return toRecord({ id: entity.id, media_type: entity.mediaType, created_at: entity.createdAt, updated_at: entity.updatedAt });
  }

  /** Streams media rows of every type in (created_at, id) order, a page at a time with keyset paging. */
  async *list(options: MediaListOptions = {}): AsyncGenerator<MediaRecord> {
    const em = this.em;
    const sqlite = isSqlitePlatform(em.getPlatform());
    const table = em.getPlatform().quoteIdentifier(em.getMetadata().get(MediaEntity.name).tableName);
    // PostgreSQL keeps microseconds that a JS Date would drop, so the cursor travels as text.
    const cursorColumn = sqlite ? 'created_at' : 'created_at::text';
    const cursorParam = sqlite ? '?' : '?::timestamptz';
    const pageSize = options.pageSize ?? 1000;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let cursor: { ts: unknown; id: string } | undefined;
    if (options.after !== undefined) {
      const rows = await rawQuery<{ cursor_ts: unknown }>(em, `select ${cursorColumn} as cursor_ts from ${table} where id = ?`, [options.after]);
      if (rows.length === 0) throw new NotFoundError('media', options.after);
      cursor = { ts: rows[0].cursor_ts, id: options.after };
    }
    while (remaining > 0) {
      const take = Math.min(pageSize, remaining);
      const conditions: string[] = [];
      const params: unknown[] = [];
      if (options.mediaType !== undefined) {
        conditions.push('media_type = ?');
        params.push(options.mediaType);
      }
      if (cursor) {
        conditions.push(`(created_at, id) > (${cursorParam}, ?)`);
        params.push(cursor.ts, cursor.id);
      }
      const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
      const rows = await rawQuery<MediaRow>(
        em,
        `select id, media_type, created_at, updated_at, ${cursorColumn} as cursor_ts from ${table} ${where} order by created_at, id limit ?`,
        [...params, take],
      );
      for (const row of rows) {
        let record: MediaRecord;
        try {
          record = toRecord(row);
        } catch (error) {
          if (!(error instanceof UnreadableValueError) || !options.onUnreadable) throw error;
          options.onUnreadable(error);
          continue;
        }
        yield record;
      }
      if (rows.length < take) return;
      remaining -= rows.length;
      cursor = { ts: rows[rows.length - 1].cursor_ts, id: rows[rows.length - 1].id };
    }
  }
}

/** MediaReader.read, as a function. */
export function readMedia(em: StoreEntityManager, id: string): Promise<MediaRecord> {
  return new MediaReader(em).read(id);
}

/** MediaReader.list, as a function. */
export function listMedia(em: StoreEntityManager, options: MediaListOptions = {}): AsyncGenerator<MediaRecord> {
  return new MediaReader(em).list(options);
}
