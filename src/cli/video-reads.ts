import { existsSync } from 'node:fs';
import { AanaStoreError, UnreadableValueError } from '../errors.js';
import type { VideoRecord } from '../storage/records.js';
import type { VideoRepository } from '../storage/repositories/video.repository.js';
import { VideoReader } from '../storage/repositories/video-reader.js';
import { openSqliteSource, type SqliteSource } from '../storage/sqlite-source.js';
import type { CommandContext } from './context.js';

/** What the commands that only read videos ask of the catalog: a VideoRepository's reads. */
export type VideoReads = Pick<VideoRepository, 'readRecord' | 'exists' | 'list' | 'count' | 'search'>;

/** The fields registered video extensions add to records (VideoExtensions: ExtendedVideoRecord). */
export interface RecordExtensions {
  readonly keys: string[];
  extendOne(record: VideoRecord): Promise<VideoRecord>;
  extend(records: AsyncIterable<VideoRecord>): AsyncIterable<VideoRecord>;
}

const NO_EXTENSIONS: RecordExtensions = {
  keys: [],
  extendOne: async (record) => record,
  extend: (records) => records,
};

/** A VideoReader's reads under a repository's names, on a catalog with no extensions. */
function readsOf(reader: VideoReader): VideoReads {
  return {
    readRecord: (id) => reader.get(id),
    exists: (id) => reader.exists(id),
    list: (options) => reader.list(options),
    count: (filter) => reader.count(filter),
    search: (words, options) => reader.search(words, options),
  };
}

/**
 * Runs a command that only reads videos. A SQLite catalog without extensions (no JavaScript config's
 * entities) is read straight from the file (sqlite-source.ts): most of a cold command's time was
 * MikroORM's start. Anything that file read cannot answer as MikroORM would (the file is not a
 * catalog yet, a value the record cannot show, a driver error) makes the command start over through
 * MikroORM, which says it in its words, provided nothing was printed yet; the command only reads,
 * so doing it twice changes nothing.
 */
export async function readVideos<T>(ctx: CommandContext, work: (reads: VideoReads, extensions: RecordExtensions) => Promise<T>): Promise<T> {
  const { settings, extensions } = ctx.loadedSettings;
  if (settings.type === 'sqlite' && extensions.entities.length === 0 && existsSync(settings.path)) {
    let source: SqliteSource | undefined;
    try {
      source = openSqliteSource(settings.path);
      return await work(readsOf(new VideoReader(source)), NO_EXTENSIONS);
    } catch (error) {
      const ours = error instanceof AanaStoreError && !(error instanceof UnreadableValueError);
      if (ours || ctx.out.written || ctx.signal?.aborted) throw error;
    } finally {
      source?.close();
    }
  }
  return ctx.withEntityManager(async (em) => {
    const [{ VideoRepository }, { VideoExtensions }] = await Promise.all([import('../storage/repositories/video.repository.js'), import('../storage/video-extensions.js')]);
    return work(new VideoRepository(em), new VideoExtensions(em));
  });
}
