import { ValidationError } from '../../errors.js';
import { EXTENDED_VIDEO_FIELDS, FILTERABLE_FIELDS, type FilterableKey, SORT_FIELDS, type SortField, VIDEO_FIELDS, type VideoStatus } from '../entities/video.fields.js';
import { globToRegex, globToSqlite, parseGlob } from './glob.js';
import { checkInRange, parseTimestamp, toSqlAlchemyText } from '../types/timestamp-text.js';
import { VIDEO_MEDIA_TYPES } from '../records.js';

export { SORT_FIELDS, type SortField };
export type SortDirection = 'asc' | 'desc';

export interface VideoSort {
  field: SortField;
  direction: SortDirection;
}

export const DEFAULT_SORT: VideoSort = { field: 'created_at', direction: 'asc' };

/**
 * What `video list` and `video count` select on; every given condition must hold. A field of kind
 * `text` matches a case-insensitive substring; a `locator` a glob (parseGlob's language) matching
 * the whole value, case-sensitively.
 */
export interface VideoFilter extends Partial<Record<FilterableKey, string>> {
  /** created_at at or after this instant. */
  since?: Date;
  /** created_at before this instant. */
  until?: Date;
  /** An extended video with this processing status. */
  status?: VideoStatus;
  /** An extended video at least this many seconds long. */
  minDuration?: number;
  /** An extended video at most this many seconds long. */
  maxDuration?: number;
}

/** The filter keys of a `seconds` field: `--min-<key>` and `--max-<key>` (inclusive). */
export function rangeFilterKeys(key: string): { min: 'minDuration'; max: 'maxDuration' } {
  const cap = key.charAt(0).toUpperCase() + key.slice(1);
  return { min: `min${cap}`, max: `max${cap}` } as { min: 'minDuration'; max: 'maxDuration' };
}

/** The sort key of the last row seen, exactly as the database compares it, and its id. */
export interface SortCursor {
  key: unknown;
  id: string;
}

/** What differs between the databases when writing SQL by hand. */
export interface SqlDialect {
  sqlite: boolean;
  quote(identifier: string): string;
}

export interface VideoTables {
  media: string;
  video: string;
  /** Aana's extended_video: duration and status, joined when a video has them. */
  extended: string;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

interface SortColumn {
  expr: string;
  nullable: boolean;
  timestamp: boolean;
  /** The id of the same table, so that (column, id) matches that table's index and the planner walks it in order. */
  tie: 'm.id' | 'v.id';
}

/** Where the extended video's fields are selected from: `e`, left-joined to the video. */
const EXTENDED_ALIAS = 'e';

const SORT_COLUMNS = {
  created_at: { expr: 'm.created_at', nullable: false, timestamp: true, tie: 'm.id' },
  updated_at: { expr: 'm.updated_at', nullable: false, timestamp: true, tie: 'm.id' },
  id: { expr: 'm.id', nullable: false, timestamp: false, tie: 'm.id' },
  ...Object.fromEntries(VIDEO_FIELDS.filter((f) => f.sortable).map((f) => [f.key, { expr: `v.${f.key}`, nullable: true, timestamp: false, tie: 'v.id' }])),
  // Null for a plain video, sorted as the databases sort nulls (as the video's own fields are).
  ...Object.fromEntries(EXTENDED_VIDEO_FIELDS.filter((f) => f.sortable).map((f) => [f.key, { expr: `${EXTENDED_ALIAS}.${f.key}`, nullable: true, timestamp: false, tie: 'm.id' }])),
} as Record<SortField, SortColumn>;

/** Parses `field[:asc|desc]`. */
export function parseSort(spec: string, field = 'sort'): VideoSort {
  const [name, direction = 'asc', ...rest] = spec.split(':');
  if (!(SORT_FIELDS as readonly string[]).includes(name)) {
    throw new ValidationError(field, `${JSON.stringify(name)} is not a sortable field (one of ${SORT_FIELDS.join(', ')})`);
  }
  if (rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) throw new ValidationError(field, `direction must be asc or desc, got ${JSON.stringify(spec)}`);
  return { field: name as SortField, direction };
}

const RELATIVE = /^(\d+)\s*(s|m|h|d|w)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const FORMS = 'a date (2026-01-31, 2026-01-31T12:00:00Z) or a span like 7d, 12h, 30m';

/**
 * An instant from an ISO date (`2026-01-31`, midnight UTC), an ISO date-time (UTC unless it has an
 * offset), or a span before `now`: `30s`, `15m`, `12h`, `7d`, `2w`; in the supported range
 * (parseTimestamp), the same on both databases.
 */
export function parseInstant(value: string, field: string, now: Date = new Date()): Date {
  const text = value.trim();
  const relative = RELATIVE.exec(text);
  if (relative) return checkInRange(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS], field, value);
  return parseTimestamp(text, field, FORMS);
}

/** A LIKE pattern matching `text` anywhere, with `\` as the escape character. */
export function substringPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function timestampParam(dialect: SqlDialect, date: Date): { sql: string; value: unknown } {
  // SQLite holds SQLAlchemy's text, which compares in time order as text.
  return dialect.sqlite ? { sql: '?', value: toSqlAlchemyText(date) } : { sql: '?::timestamptz', value: date.toISOString() };
}

/**
 * The join of media and video rows and the conditions for `filter`. With `videoFirst`, video is the
 * outer table (SQLite takes CROSS JOIN as that order), so that an order on a video column walks its index.
 */
export function videoSelection(
  dialect: SqlDialect,
  tables: VideoTables,
  filter: VideoFilter = {},
  videoFirst = false,
): { from: string; conditions: string[]; params: unknown[] } {
  const conditions = ['v.id = m.id', `m.media_type in (${VIDEO_MEDIA_TYPES.map(() => '?').join(', ')})`];
  const params: unknown[] = [...VIDEO_MEDIA_TYPES];
  // SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE.
  const like = dialect.sqlite ? 'like' : 'ilike';
  for (const { key, kind } of FILTERABLE_FIELDS) {
    const value = filter[key];
    if (value === undefined) continue;
    if (kind === 'text') {
      conditions.push(`v.${key} ${like} ? escape '\\'`);
      params.push(substringPattern(value));
    } else {
      const parts = parseGlob(value, key);
      conditions.push(dialect.sqlite ? `v.${key} glob ?` : `v.${key} ~ ?`);
      params.push(dialect.sqlite ? globToSqlite(parts) : globToRegex(parts));
    }
  }
  for (const [bound, op] of [
    [filter.since, '>='],
    [filter.until, '<'],
  ] as const) {
    if (bound) {
      const p = timestampParam(dialect, bound);
      conditions.push(`m.created_at ${op} ${p.sql}`);
      params.push(p.value);
    }
  }
  for (const field of EXTENDED_VIDEO_FIELDS) {
    const column = `${EXTENDED_ALIAS}.${field.key}`;
    if (field.kind === 'status') {
      const status = filter[field.key];
      if (status === undefined) continue;
      conditions.push(`${column} = ?`);
      params.push(status.toUpperCase());
      continue;
    }
    const keys = rangeFilterKeys(field.key);
    for (const [bound, op] of [
      [filter[keys.min], '>='],
      [filter[keys.max], '<='],
    ] as const) {
      if (bound === undefined) continue;
      conditions.push(`${column} ${op} ?`);
      params.push(bound);
    }
  }
  const media = `${dialect.quote(tables.media)} m`;
  const video = `${dialect.quote(tables.video)} v`;
  const from = `${videoFirst ? `${video} cross join ${media}` : `${media} cross join ${video}`} ${extendedJoin(dialect, tables)}`;
  return { from, conditions, params };
}

/** The sort key as the cursor carries it: PostgreSQL timestamps as text, which keeps microseconds. */
function cursorKeyExpr(dialect: SqlDialect, column: SortColumn): string {
  return column.timestamp && !dialect.sqlite ? `${column.expr}::text` : column.expr;
}

/**
 * Rows after `cursor` in the sort order. NULLs sort as each database sorts them (first on SQLite,
 * last on PostgreSQL, in ascending order), so the condition follows the same rule.
 */
function afterCursor(dialect: SqlDialect, sort: VideoSort, cursor: SortCursor): SqlQuery {
  const column = SORT_COLUMNS[sort.field];
  const cmp = sort.direction === 'asc' ? '>' : '<';
  const key = column.timestamp && !dialect.sqlite ? '?::timestamptz' : '?';
  if (sort.field === 'id') return { sql: `m.id ${cmp} ?`, params: [cursor.id] };
  const tie = column.tie;
  if (!column.nullable) return { sql: `(${column.expr}, ${tie}) ${cmp} (${key}, ?)`, params: [cursor.key, cursor.id] };
  const nullsLast = (sort.direction === 'asc') !== dialect.sqlite;
  if (cursor.key === null) {
    const sql = `(${column.expr} is null and ${tie} ${cmp} ?)${nullsLast ? '' : ` or ${column.expr} is not null`}`;
    return { sql: `(${sql})`, params: [cursor.id] };
  }
  const sql = `${column.expr} ${cmp} ? or (${column.expr} = ? and ${tie} ${cmp} ?)${nullsLast ? ` or ${column.expr} is null` : ''}`;
  return { sql: `(${sql})`, params: [cursor.key, cursor.key, cursor.id] };
}

/** The extended video's row of `v`, when there is one (its fields are null otherwise). */
export function extendedJoin(dialect: SqlDialect, tables: VideoTables): string {
  return `left join ${dialect.quote(tables.extended)} ${EXTENDED_ALIAS} on ${EXTENDED_ALIAS}.id = v.id`;
}

/** A record's columns (VideoRow): media's as `m`, video's as `v`, the extended video's as `e` (extendedJoin). */
export const VIDEO_COLUMNS = ['m.id', ...VIDEO_FIELDS.map((f) => `v.${f.key}`), ...EXTENDED_VIDEO_FIELDS.map((f) => `${EXTENDED_ALIAS}.${f.key}`), 'm.created_at', 'm.updated_at'].join(', ');

/** One page of videos matching `filter`, in `sort` order, after `cursor`. */
export function videoListQuery(
  dialect: SqlDialect,
  tables: VideoTables,
  options: { filter?: VideoFilter; sort?: VideoSort; cursor?: SortCursor; limit: number },
): SqlQuery {
  const sort = options.sort ?? DEFAULT_SORT;
  const column = SORT_COLUMNS[sort.field];
  const { from, conditions, params } = videoSelection(dialect, tables, options.filter, column.tie === 'v.id');
  if (options.cursor) {
    const after = afterCursor(dialect, sort, options.cursor);
    conditions.push(after.sql);
    params.push(...after.params);
  }
  const order = sort.field === 'id' ? `m.id ${sort.direction}` : `${column.expr} ${sort.direction}, ${column.tie} ${sort.direction}`;
  params.push(options.limit);
  return {
    sql: `select ${VIDEO_COLUMNS}, ${cursorKeyExpr(dialect, column)} as cursor_key from ${from} where ${conditions.join(' and ')} order by ${order} limit ?`,
    params,
  };
}

/** The cursor for the video `id` under `sort`: its sort key as the list query returns it. */
export function videoCursorQuery(dialect: SqlDialect, tables: VideoTables, sort: VideoSort, id: string): SqlQuery {
  const { from, conditions, params } = videoSelection(dialect, tables);
  return { sql: `select ${cursorKeyExpr(dialect, SORT_COLUMNS[sort.field])} as cursor_key from ${from} where ${conditions.join(' and ')} and m.id = ?`, params: [...params, id] };
}

/**
 * The video `id` as the list query returns it, by id alone as `VideoRepository.read` finds it (any
 * media type): `video get` in one query instead of the entity's and its extended row's.
 */
export function videoGetQuery(dialect: SqlDialect, tables: VideoTables, id: string): SqlQuery {
  const from = `${dialect.quote(tables.video)} v inner join ${dialect.quote(tables.media)} m on v.id = m.id ${extendedJoin(dialect, tables)}`;
  return { sql: `select ${VIDEO_COLUMNS} from ${from} where v.id = ?`, params: [id] };
}

/** Whether there is a video `id`, of any kind, as `VideoRepository.exists` counts it. */
export function videoExistsQuery(dialect: SqlDialect, tables: VideoTables, id: string): SqlQuery {
  return { sql: `select 1 as found from ${dialect.quote(tables.video)} v where v.id = ? limit 1`, params: [id] };
}

export function videoCountQuery(dialect: SqlDialect, tables: VideoTables, filter: VideoFilter = {}): SqlQuery {
  const { from, conditions, params } = videoSelection(dialect, tables, filter);
  return { sql: `select count(*) as n from ${from} where ${conditions.join(' and ')}`, params };
}
