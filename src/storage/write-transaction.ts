import { DeadlockException, LockMode } from '@mikro-orm/core';
import { MediaEntity } from './entities/media.entity.js';
import type { StoreEntityManager } from './orm.js';
import { rawQuery } from './raw-query.js';
import { isSqlitePlatform } from './platform.js';

const LOCK_CHUNK = 500;
/** Times a PostgreSQL transaction chosen as a deadlock victim is run again before the error stands. */
const DEADLOCK_ATTEMPTS = 5;

/**
 * Runs `work` in one transaction that holds the database's write lock from its first statement, so
 * what it reads cannot change before it writes (no write skew, no check-then-insert race).
 * SQLite: knex opens a deferred transaction, so a no-op write comes first and takes the write lock
 * (as BEGIN IMMEDIATE would), waiting the whole busy timeout for it; a read first would instead
 * fail without waiting once another writer committed (a stale snapshot). PostgreSQL: rows are
 * locked where they are read (`lockedRowOptions`).
 */
export async function writeTransaction<R>(em: StoreEntityManager, work: (em: StoreEntityManager) => Promise<R>): Promise<R> {
  // PostgreSQL may end one of two transactions that wait on each other's rows (a deadlock, or a
  // serialization failure); its work never happened, so it runs again, as PostgreSQL's manual advises.
  // Inside a caller's transaction the caller owns the retry.
  const retries = !em.isInTransaction();
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(em, work);
    } catch (error) {
      if (!retries || !(error instanceof DeadlockException) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  }
}

/** As writeTransaction, never run again: for work that cannot be repeated (it consumes a stream). */
export function writeOnce<R>(em: StoreEntityManager, work: (em: StoreEntityManager) => Promise<R>): Promise<R> {
  return em.transactional(async (tx) => {
    if (isSqlitePlatform(tx.getPlatform())) {
      const media = tx.getPlatform().quoteIdentifier(tx.getMetadata().get(MediaEntity.name).tableName);
      await rawQuery(tx, `delete from ${media} where 0`, []);
    }
    return work(tx);
  });
}

/** findOne options that read the row as stored now and, on PostgreSQL, lock it until the transaction ends. */
export function lockedRowOptions(em: StoreEntityManager): { refresh: true; lockMode?: LockMode } {
  return isSqlitePlatform(em.getPlatform()) ? { refresh: true } : { refresh: true, lockMode: LockMode.PESSIMISTIC_WRITE };
}

/**
 * On PostgreSQL, locks the `media` rows of `ids` in id order until the transaction ends. Every writer
 * locks a media row before its video row (the bulk writer too), so writers of the same ids queue
 * instead of deadlocking. SQLite's write lock already covers every row.
 */
export async function lockMediaRows(em: StoreEntityManager, ids: readonly string[]): Promise<void> {
  if (isSqlitePlatform(em.getPlatform()) || ids.length === 0) return;
  const sorted = [...ids].sort();
  for (let start = 0; start < sorted.length; start += LOCK_CHUNK) {
    const chunk = sorted.slice(start, start + LOCK_CHUNK);
    await em.createQueryBuilder(MediaEntity).select('id').where({ id: { $in: chunk } }).orderBy({ id: 'asc' }).setLockMode(LockMode.PESSIMISTIC_WRITE).execute();
  }
}
