import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { addExtendedVideos } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';
import { openStore } from '../helpers/store.js';
import { captionRecord, ndjson, transcriptRecord } from '../helpers/transcript-records.js';
import { ExtendedVideoTranscriptRepository } from '../../src/storage/repositories/extended-video-transcript.repository.js';
import type { StoreEntityManager } from '../../src/storage/orm.js';

const [sqlite, postgresql] = BACKENDS;
const GROUPS = ['video', 'transcript', 'caption'] as const;
const EXTENDED = [
  { id: 'ext-1', duration: 12.5 },
  { id: 'ext-2', duration: 3600 },
];

/**
 * A catalog with plain and extended videos, transcripts and captions copies SQLite → PostgreSQL →
 * SQLite through the three exports and imports, and the exports at the end are the first ones byte
 * for byte.
 */
describe.skipIf(!postgresql.available)('a catalog copies SQLite → PostgreSQL → SQLite exactly', () => {
  const dbs: Backend[] = [];
  const cli = (db: Backend, args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });
  beforeAll(async () => {
    for (const backend of [sqlite, postgresql, sqlite]) {
      const db = await backend.create();
      expect((await cli(db, ['init', '-q'])).code).toBe(0);
      dbs.push(db);
    }
  });
  afterAll(async () => {
    for (const db of dbs) await db.cleanup();
  });

  const exportsOf = async (db: Backend) => {
    const files: Record<string, string> = {};
    for (const group of GROUPS) {
      const result = await cli(db, [group, 'export']);
      expect(result.code, result.stderr).toBe(0);
      files[group] = result.stdout;
    }
    return files;
  };

  it('three exports byte-identical after two copies', async () => {
    const [first, middle, last] = dbs;
    const videos = ndjson([
      { id: 'plain-1', url: 'https://example.com/1.mp4', path: null, title: 'Ünï "one"', description: 'a,b\nc', created_at: '2023-01-02T03:04:05.006Z', updated_at: '2023-02-02T03:04:05.006Z' },
      { id: 'plain-2', url: null, path: '/v/2.mp4', title: null, description: null, created_at: '2023-01-03T00:00:00.000Z', updated_at: '2023-01-03T00:00:00.000Z' },
    ]);
    expect((await cli(first, ['video', 'import'], videos)).code).toBe(0);
    await addExtendedVideos(first, EXTENDED);
    expect((await cli(first, ['transcript', 'import'], ndjson([transcriptRecord('ext-1', 'whisper-large', 50), transcriptRecord('ext-2', 'whisper-large', 3, '2025-05-05T05:05:05.555Z')]))).code).toBe(0);
    // One transcript through the library, as an application would write it.
    const store = await openStore(first);
    await new ExtendedVideoTranscriptRepository(store.orm.em.fork() as StoreEntityManager).save('tiny', 'ext-2', { language: 'de', language_confidence: 0.5 }, { text: 'hallo welt' }, [
      { text: 'hallo welt', time_interval: { start: 0.1, end: 1.7 }, confidence: 0.3333333333333333, no_speech_confidence: 1e-7, words: [], speaker: null },
    ]);
    await store.close();
    expect((await cli(first, ['caption', 'add', 'ext-1', '--model', 'blip2'], ndjson([{ frame_id: 3, timestamp: 0.12, caption: 'a cat' }, { frame_id: 0, timestamp: 0, caption: 'a dog' }]))).code).toBe(0);
    expect((await cli(first, ['caption', 'import'], ndjson(Array.from({ length: 30 }, (_, i) => captionRecord(i % 2 ? 'ext-1' : 'ext-2', 'llava', i))))).code).toBe(0);

    const original = await exportsOf(first);
    expect(original.transcript.trim().split('\n')).toHaveLength(3);
    expect(original.caption.trim().split('\n')).toHaveLength(32);
    for (const [from, to] of [
      [first, middle],
      [middle, last],
    ]) {
      const files = await exportsOf(from);
      for (const group of GROUPS) {
        const imported = await cli(to, [group, 'import', '-'], files[group]);
        expect(imported.code, `${group}: ${imported.stderr}`).toBe(0);
      }
    }
    expect(await exportsOf(middle)).toEqual(original);
    expect(await exportsOf(last)).toEqual(original);
  });
});
