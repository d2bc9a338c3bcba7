import Database from 'libsql';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../src/storage/sqlite-pragmas.js';

/**
 * A connection of the test's own to a SQLite file, outside aana-store (libsql, synchronous). It waits
 * for a lock as aana-store does: a CLI process that closes the last connection checkpoints the WAL
 * under an exclusive lock, and a test reading alongside must not fail on that.
 */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(path, options);
  db.exec(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return db;
}

/** Runs SQL on a SQLite file outside aana-store, to check what it really wrote. */
export async function sqliteQuery<T = Record<string, unknown>>(path: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = openSqlite(path);
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(params) as T[];
    statement.run(params);
    return [];
  } finally {
    db.close();
  }
}

export interface HeldLock {
  /** Commits what the holder wrote and lets go. */
  commit(): Promise<void>;
  /** Undoes it and lets go. */
  release(): Promise<void>;
}

/** Another connection that takes the write lock of a SQLite file (BEGIN IMMEDIATE, then `sql`) and holds it. */
export async function holdWriteLock(path: string, sql: string): Promise<HeldLock> {
  const holder = openSqlite(path);
  holder.exec(`BEGIN IMMEDIATE; ${sql}`);
  return {
    commit: async () => {
      holder.exec('COMMIT');
      holder.close();
    },
    release: async () => {
      try {
        holder.exec('ROLLBACK');
      } finally {
        holder.close();
      }
    },
  };
}

/**
 * The words SQLite's video search index holds, per video id in id order: each as `column:offset:word`,
 * from FTS5's own vocabulary, so the index is compared whatever its shape (keyed and contentless, or
 * with its own `id` column). Ids without a word have an empty list.
 */
export function sqliteIndexWords(path: string): Array<{ id: string; words: string }> {
  const db = openSqlite(path);
  try {
    db.exec('create virtual table temp.video_fts_words using fts5vocab(main, video_fts, instance)');
    const keyed = db.prepare("select 1 from sqlite_master where name = 'video_fts_key'").all().length > 0;
    const docs = keyed ? 'select rowid as doc, id from video_fts_key' : 'select rowid as doc, id from video_fts';
    const words =
      "select group_concat(w, ' ') from (select col || ':' || offset || ':' || term as w from temp.video_fts_words " +
      "where doc = d.doc and col in ('title', 'description') order by col desc, offset)";
    return db.prepare(`select d.id, coalesce((${words}), '') as words from (${docs}) d order by d.id`).all() as Array<{ id: string; words: string }>;
  } finally {
    db.close();
  }
}

/** SQLite's varints, as FTS5 writes them in its records: 7 bits a byte, high bit first, a 9th byte of 8 bits. */
function varints(blob: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < blob.length; ) {
    let value = 0;
    for (let n = 0; ; n++) {
      const byte = blob[i++];
      if (n === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) break;
    }
    out.push(value);
  }
  return out;
}

/**
 * The totals video_fts keeps for bm25 (its rows, then each column's words) and the same totals
 * summed over the sizes it keeps per row: a contentless table that was told to forget words it never
 * indexed has them apart, which FTS5's integrity-check does not look at.
 */
export function sqliteIndexTotals(path: string): { kept: number[]; summed: number[] } {
  const db = openSqlite(path);
  try {
    const block = (db.prepare('select block from video_fts_data where id = 1').get() as { block: Uint8Array } | undefined)?.block;
    const kept = block ? varints(new Uint8Array(block)) : [];
    const sizes = (db.prepare('select sz from video_fts_docsize').all() as Array<{ sz: Uint8Array }>).map((row) => varints(new Uint8Array(row.sz)));
    const summed = [sizes.length, ...(kept.slice(1).map((_, column) => sizes.reduce((sum, size) => sum + (size[column] ?? 0), 0)))];
    return { kept, summed };
  } finally {
    db.close();
  }
}
