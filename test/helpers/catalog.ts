import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Backend, BackendKind } from './backends.js';
import { runInProcess } from './run.js';

/** Every table of the catalog's rows, each after the tables that refer to it. */
const EMPTIED_TABLES = ['extended_video_transcript', 'transcript', 'extended_video_caption', 'caption', 'extended_video', 'video', 'media'];

/** Deletes every row, children before parents: a transcript or caption refers to its extended video, which refers to its video. */
export async function emptyCatalog(db: Backend): Promise<void> {
  for (const table of EMPTIED_TABLES) await db.query(`delete from ${table}`);
}

/**
 * An initialised catalog for the enclosing `describe`, dropped after it; with `emptyEach`, emptied
 * before every test. Returns an accessor (the database exists only once `beforeAll` has run).
 */
export function useCatalog(create: BackendKind['create'], options: { emptyEach?: boolean } = {}): () => Backend {
  let db: Backend | undefined;
  beforeAll(async () => {
    db = await create();
    const init = await runInProcess(['--db', db.spec, 'init', '-q']);
    expect(init.code, init.stderr).toBe(0);
  });
  afterAll(async () => db?.cleanup());
  if (options.emptyEach) {
    beforeEach(async () => {
      if (db) await emptyCatalog(db);
    });
  }
  return () => {
    if (!db) throw new Error('the catalog is created in beforeAll');
    return db;
  };
}

/** A new initialised catalog each time a test calls the returned function, dropped after that test. */
export function useFreshCatalog(create: BackendKind['create']): () => Promise<Backend> {
  let db: Backend | undefined;
  afterEach(async () => {
    await db?.cleanup();
    db = undefined;
  });
  return async () => {
    db = await create();
    const init = await runInProcess(['--db', db.spec, 'init', '-q']);
    expect(init.code, init.stderr).toBe(0);
    return db;
  };
}
