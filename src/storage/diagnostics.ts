import { MIGRATIONS_TABLE, type StoreEntityManager } from './orm.js';
import { rawQuery } from './raw-query.js';
import { KEYED_SEARCH_MIGRATION, SEARCH_MIGRATION, SEGMENT_SEARCH_MIGRATION } from './migrations/names.js';
import { isSqlitePlatform } from './platform.js';
import { VIDEO_MEDIA_TYPES } from './records.js';

/** Every migration of this version, loaded only when asked for (it pulls in the migrator). */
export async function knownMigrations(): Promise<string[]> {
  return (await import('./migrations/index.js')).migrationsList.map((m) => m.name);
}

/** The first column of the first row, or null when the query fails (a table not there yet has no rows). */
export async function scalar(em: StoreEntityManager, sql: string): Promise<string | number | null> {
  try {
    const [row] = await rawQuery<Record<string, string | number | null>>(em, sql, []);
    return row ? Object.values(row)[0] : null;
  } catch {
    return null;
  }
}

/** Names of the applied migrations, or null when the database has no migrations table. */
export async function appliedMigrations(em: StoreEntityManager): Promise<string[] | null> {
  try {
    const rows = await rawQuery<{ name: string }>(em, `select name from ${em.getPlatform().quoteIdentifier(MIGRATIONS_TABLE)} order by id`, []);
    return rows.map((row) => row.name.replace(/\.[cm]?[jt]s$/, ''));
  } catch {
    return null;
  }
}

/** Known migrations (aana-store's, then the extensions') not yet applied, in order; null without a migrations table. */
export async function pendingMigrations(em: StoreEntityManager, extensionMigrations: readonly string[] = []): Promise<string[] | null> {
  const applied = await appliedMigrations(em);
  if (applied === null) return null;
  const done = new Set(applied);
  return [...(await knownMigrations()), ...extensionMigrations].filter((name) => !done.has(name));
}

async function present(em: StoreEntityManager, sql: string, params: unknown[]): Promise<boolean> {
  return (await rawQuery(em, sql, params)).length > 0;
}

type Check = [name: string, sql: string, params: unknown[]];

/** A full-text index the migrations keep beside a table: its own table, kept by triggers on `on`. */
interface SearchIndex {
  table: string;
  on: string;
}

const VIDEO_INDEX: SearchIndex = { table: 'video_fts', on: 'video' };
/** SQLite's keyed video index (KEYED_SEARCH_MIGRATION): one integer key a video, which its index row carries. */
const VIDEO_INDEX_KEY = 'video_fts_key';
const SEGMENT_INDEXES: SearchIndex[] = [
  { table: 'transcript_segment_fts', on: 'transcript' },
  { table: 'caption_fts', on: 'caption' },
];

/** On SQLite the FTS5 table and its three triggers; on PostgreSQL the tsvector table, its GIN index, the refresh function and its two triggers. */
function indexChecks(sqlite: boolean, { table, on }: SearchIndex): Check[] {
  const trigger = (event: string): Check =>
    sqlite
      ? [`trigger ${table}_after_${event}`, "select 1 from sqlite_master where type = 'trigger' and name = ? and tbl_name = ?", [`${table}_after_${event}`, on]]
      : [
          `trigger ${table}_after_${event}`,
          'select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relname = ? and c.relnamespace = current_schema()::regnamespace and t.tgname = ?',
          [on, `${table}_after_${event}`],
        ];
  if (sqlite) return [[`table ${table}`, "select 1 from sqlite_master where type = 'table' and name = ?", [table]], ...['insert', 'delete', 'update'].map(trigger)];
  return [
    [
      `table ${table} (document tsvector)`,
      "select 1 from information_schema.columns where table_schema = current_schema() and table_name = ? and column_name = 'document' and data_type = 'tsvector'",
      [table],
    ],
    [`index ix_${table}_document`, 'select 1 from pg_indexes where schemaname = current_schema() and tablename = ? and indexname = ?', [table, `ix_${table}_document`]],
    [`function ${table}_refresh`, 'select 1 from pg_proc where proname = ? and pronamespace = current_schema()::regnamespace', [`${table}_refresh`]],
    ...['insert', 'update'].map(trigger),
  ];
}

/**
 * The search objects the search migrations build that are missing: those of the video index
 * (SEARCH_MIGRATION) and of the transcript segment and caption indexes (SEGMENT_SEARCH_MIGRATION), each once its
 * migration has run (before, it is pending). Empty when all are there.
 */
export async function missingSearchObjects(em: StoreEntityManager): Promise<string[]> {
  const applied = (await appliedMigrations(em)) ?? [];
  const sqlite = isSqlitePlatform(em.getPlatform());
  const keyed = sqlite && applied.includes(KEYED_SEARCH_MIGRATION);
  const checks = [
    ...(applied.includes(SEARCH_MIGRATION) ? indexChecks(sqlite, VIDEO_INDEX) : []),
    ...(keyed ? [[`table ${VIDEO_INDEX_KEY}`, "select 1 from sqlite_master where type = 'table' and name = ?", [VIDEO_INDEX_KEY]] as Check] : []),
    ...(applied.includes(SEGMENT_SEARCH_MIGRATION) ? SEGMENT_INDEXES.flatMap((index) => indexChecks(sqlite, index)) : []),
  ];
  const missing: string[] = [];
  for (const [name, sql, params] of checks) if (!(await present(em, sql, params))) missing.push(name);
  return missing;
}

/**
 * Videos whose row of SQLite's keyed search index has no key (so a search cannot name them); 0 on
 * PostgreSQL, null when it cannot be counted (before KEYED_SEARCH_MIGRATION there is no key table).
 */
export async function videosWithoutSearchKey(em: StoreEntityManager): Promise<number | null> {
  if (!isSqlitePlatform(em.getPlatform())) return 0;
  const n = await scalar(em, `select count(*) as n from video v where not exists (select 1 from ${VIDEO_INDEX_KEY} k where k.id = v.id)`);
  return n === null ? null : Number(n);
}

/** What is wrong when search objects are missing, and how to rebuild them. */
export async function searchIndexText(missing: readonly string[]): Promise<string> {
  const known = await knownMigrations();
  const downs = known.length - known.indexOf(SEARCH_MIGRATION);
  const down = downs === 1 ? '`aana-store migrate down`' : `\`aana-store migrate down\` ${downs} times`;
  return `the search index is damaged (missing ${missing.join(', ')}); rebuild it with ${down} then \`aana-store migrate up\``;
}

/** SQLite's `PRAGMA quick_check`: the problems it finds (empty when the file is sound); nothing to check on PostgreSQL. */
export async function fileIntegrityProblems(em: StoreEntityManager): Promise<string[]> {
  if (!isSqlitePlatform(em.getPlatform())) return [];
  try {
    const rows = await rawQuery<{ quick_check: string }>(em, 'pragma quick_check', []);
    return rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  } catch (error) {
    return [(error as Error).message.split('\n')[0]];
  }
}

/** How many media rows of a video type (plain or extended) have no video row (half a video). */
export async function videoMediaWithoutVideo(em: StoreEntityManager): Promise<number | null> {
  const types = VIDEO_MEDIA_TYPES.map((type) => `'${type}'`).join(', ');
  const n = await scalar(em, `select count(*) as n from media m where m.media_type in (${types}) and not exists (select 1 from video v where v.id = m.id)`);
  return n === null ? null : Number(n);
}

/** Rows in `table`, or null when it cannot be counted (not there yet). */
export async function rowCount(em: StoreEntityManager, table: string): Promise<number | null> {
  const n = await scalar(em, `select count(*) as n from ${em.getPlatform().quoteIdentifier(table)}`);
  return n === null ? null : Number(n);
}

/** The server's (or SQLite library's) version. */
export function serverVersion(em: StoreEntityManager): Promise<string | number | null> {
  return scalar(em, isSqlitePlatform(em.getPlatform()) ? 'select sqlite_version() as v' : 'show server_version');
}

/** SQLite's journal mode (`wal` is expected); null on PostgreSQL. */
export async function journalMode(em: StoreEntityManager): Promise<string | number | null> {
  return isSqlitePlatform(em.getPlatform()) ? scalar(em, 'pragma journal_mode') : null;
}
