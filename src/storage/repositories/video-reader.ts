import { NotFoundError, type UnreadableValueError } from '../../errors.js';
import { rowsToRecords, rowToRecord, type VideoRecord, type VideoRow } from '../records/video.record.js';
import { parseSearchQuery, type SearchQuery } from '../search/query-syntax.js';
import type { VideoSearchRecord } from '../search/matched.js';
import { matchedFields } from '../search/matched-fields.js';
import type { CatalogTables, SqlSource } from '../sql-source.js';
import { DEFAULT_SORT, type SortCursor, type SqlDialect, type VideoFilter, type VideoSort, videoCountQuery, videoCursorQuery, videoExistsQuery, videoGetQuery, videoListQuery } from './video-query.js';
import { videoSearchQuery } from './video-search.js';

/** Most results a search returns unless told otherwise; ranking needs every match at once. */
export const MAX_SEARCH_RESULTS = 1000;

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
  /**
   * Read every page from one statement where the source steps through rows (SqlSource.pages): one
   * snapshot and no query per page. Only for a reader that does not query the database until the
   * listing ends (`video export`), as the statement holds a connection.
   */
  oneStatement?: boolean;
}

interface SearchRow extends VideoRow {
  in_document: number | string;
  in_transcript: number | string;
  in_caption: number | string;
}

interface ListRow extends VideoRow {
  /** The sort key exactly as stored, for keyset paging without precision loss. */
  cursor_key: unknown;
}

/**
 * Reads videos in bulk with raw SQL: keyset-paged lists, counts and search. Hydrating entities one by
 * one is several times slower, and these are the paths for large lists. It reads through a SqlSource:
 * a unit of work's (`new VideoReader(entityManagerSource(em))`), or a SQLite file's without MikroORM.
 */
export class VideoReader {
  constructor(private readonly source: SqlSource) {}

  /**
   * Streams videos matching `filter` in `sort` order (default: created_at, then id), a page at a
   * time with keyset paging on (sort key, id), so memory stays bounded however many rows there are.
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
    // A negative LIMIT is SQLite's "no limit" (the only database pages() steps through).
    const whole = options.oneStatement ? videoListQuery(this.dialect, this.tables, { filter: options.filter, sort, cursor, limit: options.limit ?? -1 }) : undefined;
    const pages = whole && this.source.pages<ListRow>(whole.sql, whole.params, pageSize);
    if (pages) {
      for await (const page of pages) yield rowsToRecords(page, this.tableName, options.onUnreadable);
      return;
    }
    const fetch = (after: typeof cursor, take: number) => {
      const { sql, params } = videoListQuery(this.dialect, this.tables, { filter: options.filter, sort, cursor: after, limit: take });
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
      if (page.length > 0) yield rowsToRecords(page, this.tableName, options.onUnreadable);
    }
  }

  /** The video `id` as a record (VideoRepository.recordOf of its read), in one query. */
  async get(id: string): Promise<VideoRecord> {
    const { sql, params } = videoGetQuery(this.dialect, this.tables, id);
    const rows = await this.query<VideoRow>(sql, params);
    if (rows.length === 0) throw new NotFoundError(this.tableName, id);
    return rowToRecord(rows[0], this.tableName);
  }

  /** Whether there is a video `id` (of any kind: an extended video is one). */
  async exists(id: string): Promise<boolean> {
    const { sql, params } = videoExistsQuery(this.dialect, this.tables, id);
    return (await this.query(sql, params)).length > 0;
  }

  /** How many videos match `filter`. */
  async count(filter: VideoFilter = {}): Promise<number> {
    const { sql, params } = videoCountQuery(this.dialect, this.tables, filter);
    const rows = await this.query<{ n: number | string }>(sql, params);
    return Number(rows[0].n);
  }

  /** Videos that say the words in their title, description, a transcript segment or a caption (videoSearchQuery), best match first. */
  async search(words: string | SearchQuery, options: { limit?: number } = {}): Promise<VideoSearchRecord[]> {
    const query = typeof words === 'string' ? parseSearchQuery(words) : words;
    const { sql, params } = videoSearchQuery(this.dialect, this.tables, query, options.limit ?? MAX_SEARCH_RESULTS);
    return (await this.query<SearchRow>(sql, params)).map((row) => {
      const record = rowToRecord(row, this.tableName);
      const sources = { document: Number(row.in_document) === 1, transcript: Number(row.in_transcript) === 1, caption: Number(row.in_caption) === 1 };
      return { ...record, matched: matchedFields(query, record, sources) };
    });
  }

  private get tableName(): string {
    return this.source.tables.video;
  }

  private get dialect(): SqlDialect {
    return this.source.dialect;
  }

  private get tables(): CatalogTables {
    return this.source.tables;
  }

  private async cursorOf(sort: VideoSort, id: string): Promise<SortCursor> {
    const { sql, params } = videoCursorQuery(this.dialect, this.tables, sort, id);
    const rows = await this.query<{ cursor_key: unknown }>(sql, params);
    if (rows.length === 0) throw new NotFoundError(this.tableName, id);
    return { key: rows[0].cursor_key, id };
  }

  private query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return this.source.query<R>(sql, params);
  }
}
