import type { MikroORM } from '@mikro-orm/core';
import { parseDbSpec } from '../../src/config/spec.js';
import { migrateUp } from '../../src/storage/migrator.js';
import { openOrm, type StoreEntityManager } from '../../src/storage/orm.js';
import { VideoRepository } from '../../src/storage/repositories/video.repository.js';
import type { Backend } from './backends.js';

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
