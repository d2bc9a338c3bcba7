import type { MikroORM } from '@mikro-orm/core';
import { parseDbSpec } from '../../src/config/spec.js';
import { migrateUp } from '../../src/storage/migrator.js';
import { openOrm, type StoreEntityManager } from '../../src/storage/orm.js';
import { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import { afterAll, beforeAll } from 'vitest';
import { BACKENDS, type Backend } from './backends.js';

export interface Store {
  orm: MikroORM;
  videos: () => VideoRepository;
  close: () => Promise<void>;
}

/** An initialised store on `db` through the library, for integration tests; close it in afterAll. */
export async function openStore(db: Backend): Promise<Store> {
  const orm = await openOrm(parseDbSpec(db.spec), { migrations: true, create: true });
  await migrateUp(orm);
  return { orm, videos: () => new VideoRepository(orm.em.fork() as StoreEntityManager), close: () => orm.close() };
}

/** A new database of a backend with a store open on it (for beforeAll). */
export async function storeOn(create: () => Promise<Backend>): Promise<{ db: Backend; store: Store }> {
  const db = await create();
  return { db, store: await openStore(db) };
}

/** Closes what storeOn opened, whatever of it was opened (for afterAll). */
export async function closeStore(db: Backend | undefined, store: Store | undefined): Promise<void> {
  await store?.close();
  await db?.cleanup();
}

/** A store on each backend (SQLite, then PostgreSQL) for the enclosing `describe`, each prepared by `prepare`; closed and dropped after it. */
export function useStoresOnEachBackend(prepare: (db: Backend) => Promise<void> = async () => undefined): Store[] {
  const stores: Store[] = [];
  const dbs: Backend[] = [];
  beforeAll(async () => {
    for (const backend of BACKENDS) {
      const db = await backend.create();
      dbs.push(db);
      stores.push(await openStore(db));
      await prepare(db);
    }
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const db of dbs) await db.cleanup();
  });
  return stores;
}

/** PostgreSQL's plan of a query with sequential scans priced out: whether an index can serve it at all, whatever the table's size. */
export async function explainWithoutSeqScan(store: Store, sql: string, params: unknown[]): Promise<string> {
  const connection = store.orm.em.getConnection();
  const plan = await connection.transactional(async (tx): Promise<unknown> => {
    await connection.execute('set local enable_seqscan = off', [], 'run', tx);
    return connection.execute(`explain ${sql}`, params, 'all', tx);
  });
  return JSON.stringify(plan);
}
