import { type EntityClass, type FindOneOptions, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MediaIdAlreadyExistsError, NotFoundError, UnreadableValueError, ValidationError } from '../../errors.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { MediaEntity } from '../entities/media.entity.js';
import { UPDATABLE_FIELDS } from '../entities/video.fields.js';
import { VideoEntity } from '../entities/video.entity.js';
import { VIDEO_MEDIA_TYPE, VIDEO_MEDIA_TYPES } from '../records.js';
import type { StoreEntityManager } from '../orm.js';
import { entityToRecord, fieldValuesOf, type VideoChanges, type VideoRecord } from '../records/video.record.js';
import type { SearchQuery } from '../search/query-syntax.js';
import type { VideoSearchRecord } from '../search/matched.js';
import { type VideoInput, validateMediaId, validateVideoInput } from '../validation.js';
import { lockMediaRows, lockedRowOptions, writeTransaction } from '../write-transaction.js';
import { applyExtended, type ExtendedChanges, extendedChangesOf, extendedRowOf } from './extended-rows.js';
import { ExtendedVideoRepository } from './extended-video.repository.js';
import { MediaRepository } from './media.repository.js';
import { deleteMediaDependents } from './subclass-rows.js';
import { type ListOptions, VideoReader } from './video-reader.js';
import { entityManagerSource } from '../em-source.js';
import type { VideoFilter } from './video-query.js';

export { VIDEO_RECORD_KEYS, type VideoChanges, type VideoRecord } from '../records/video.record.js';
export { type ListOptions, MAX_SEARCH_RESULTS } from './video-reader.js';

const DELETE_CHUNK = 500;
/** Transactions `addOrMerge` tries; each retry follows another process's insert of the same id. */
const MERGE_ATTEMPTS = 3;

export interface VideoMetadata {
  title: string | null;
  description: string | null;
}

/** Aana's VideoRepository: a video and its media row are written and read together. */
export class VideoRepository<V extends VideoEntity = VideoEntity> extends MediaRepository<V> {
  constructor(em: StoreEntityManager, entityClass: EntityClass<V> = VideoEntity as unknown as EntityClass<V>) {
    super(em, entityClass);
  }

  /** Validates and stores a video with its media row in one transaction; returns its media id. */
  async save(video: VideoInput): Promise<{ mediaId: string }> {
    const entity = await this.add(video);
    return { mediaId: entity.id };
  }

  /**
   * As `save`, returning the stored entity. With a duration (and optionally a status, default
   * created) it is an extended video, written as ExtendedVideoRepository.add writes it.
   */
  async add(video: VideoInput, extended: ExtendedChanges = {}): Promise<V> {
    const { duration, status } = extendedChangesOf(extended);
    if (duration !== undefined) return (await new ExtendedVideoRepository(this.em).add(video, duration, status)).video as V;
    if (status !== undefined) throw new ValidationError('status', 'needs a duration: only an extended video (one with a duration) has a processing status');
    const fields = validateVideoInput(video);
    // Plain constructors, not em.create(): em.create() merges into an entity with the same id that
    // this unit of work already holds, which would turn a duplicate insert into a silent update.
    const { id, ...values } = fields;
    const media = Object.assign(new MediaEntity(), { mediaType: VIDEO_MEDIA_TYPE }, id ? { id } : {});
    const entity = Object.assign(new (this.entityClass as new () => V)(), { media }, values);
    return this.create(entity);
  }

  async getMetadata(mediaId: string): Promise<VideoMetadata> {
    const entity = await this.read(mediaId);
    return { title: entity.title ?? null, description: entity.description ?? null };
  }

  protected override readOptions(): FindOneOptions<V, never> {
    return { populate: ['media'] as never };
  }

  /** The video as a record; `extended`: its extended_video row, when it has one (recordOf reads it). */
  toRecord(entity: V, extended?: ExtendedVideoEntity | null): VideoRecord {
    return entityToRecord(entity, extended);
  }

  /** The video as a record, with its duration and status when it is an extended video. */
  async recordOf(entity: V): Promise<VideoRecord> {
    return entityToRecord(entity, await extendedRowOf(this.em, entity.id));
  }

  /** `recordOf(await read(id))` in one query, without entities (`video get`: ~4 ms of a cold start). */
  async readRecord(id: string): Promise<VideoRecord> {
    try {
      return await this.reader.get(id);
    } catch (error) {
      // A value the record cannot show is reported by the entity's read, in its words.
      if (!(error instanceof UnreadableValueError)) throw error;
      return this.recordOf(await this.read(id));
    }
  }

  /** Keyset-paged lists, counts and search: VideoReader on this repository's session. */
  protected get reader(): VideoReader {
    return new VideoReader(entityManagerSource(this.em, this.entityClass));
  }

  /** VideoReader.list: videos matching `filter` in `sort` order, streamed in bounded memory. */
  list(options: ListOptions = {}): AsyncGenerator<VideoRecord> {
    return this.reader.list(options);
  }

  /** VideoReader.listPages: `list` a page at a time. */
  listPages(options: ListOptions = {}): AsyncGenerator<VideoRecord[]> {
    return this.reader.listPages(options);
  }

  /** How many videos match `filter`. */
  count(filter: VideoFilter = {}): Promise<number> {
    return this.reader.count(filter);
  }

  /** Videos that say the words (parseSearchQuery's syntax) in their title, description, transcripts or captions, best match first, each with `matched`. */
  search(words: string | SearchQuery, options: { limit?: number } = {}): Promise<VideoSearchRecord[]> {
    return this.reader.search(words, options);
  }

  /**
   * Changes the given fields of a video (`null` clears one) and moves its `updated_at`, in one
   * transaction. The result must still be a valid video (a url or a path), checked against the row
   * as stored, locked until the change commits, so concurrent updates cannot together break it.
   */
  async update(mediaId: string, changes: VideoChanges): Promise<V> {
    return writeTransaction(this.em, async (em) => {
      // The media row first, in the order deletes take it, so an update and a delete queue.
      await lockMediaRows(em, [mediaId]);
      const entity = await this.lockedRead(em, mediaId);
      if (!entity) throw new NotFoundError(this.tableName, mediaId);
      return this.change(em, entity, changes);
    });
  }

  /**
   * Adds a video, or when its id is taken by a video, leaves that one (`ignore`) or changes the
   * given fields (`update`), atomically: processes doing this at once with one id all succeed, one
   * adding and the others keeping or updating. An id taken by media of another kind is still
   * MediaIdAlreadyExistsError.
   */
  async addOrMerge(video: VideoInput, onConflict: 'ignore' | 'update', extended: ExtendedChanges = {}): Promise<{ entity: V; outcome: 'added' | 'kept' | 'updated' }> {
    const id = video.id === undefined || video.id === null ? null : validateMediaId(String(video.id));
    if (id === null) return { entity: await this.add(video, extended), outcome: 'added' };
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeTransaction(this.em, (em) => this.addOrMergeIn(em, id, video, onConflict, extended));
      } catch (error) {
        // PostgreSQL: another transaction inserted the id after this one looked; the next look sees it.
        const raced = error instanceof MediaIdAlreadyExistsError && error.cause instanceof UniqueConstraintViolationException;
        if (!raced || attempt >= MERGE_ATTEMPTS) throw error;
      }
    }
  }

  private async addOrMergeIn(em: StoreEntityManager, id: string, video: VideoInput, onConflict: 'ignore' | 'update', extended: ExtendedChanges) {
    const existing = await this.lockedRead(em, id);
    if (!existing) {
      // Media of another kind holds the id for good. (A video's media row seen without its video row
      // was committed between this transaction's statements: the insert fails and the next attempt sees both.)
      if ((await em.count(MediaEntity, { id, mediaType: { $nin: [...VIDEO_MEDIA_TYPES] } })) > 0) throw new MediaIdAlreadyExistsError('media', id);
      return { entity: await new VideoRepository<V>(em, this.entityClass).add(video, extended), outcome: 'added' as const };
    }
    if (onConflict === 'ignore') return { entity: existing, outcome: 'kept' as const };
    const given = Object.fromEntries(UPDATABLE_FIELDS.filter((key) => video[key] !== undefined).map((key) => [key, video[key]]));
    return { entity: await this.change(em, existing, { ...given, ...extended }), outcome: 'updated' as const };
  }

  /** The video as stored now, locked until the transaction ends. */
  private async lockedRead(em: StoreEntityManager, id: string): Promise<V | null> {
    const options: FindOneOptions<V, never> = { ...this.readOptions(), ...lockedRowOptions(em) };
    return this.findById(em, id, options);
  }

  private async change(em: StoreEntityManager, entity: V, changes: VideoChanges): Promise<V> {
    const { duration, status, ...text } = changes;
    const extended = extendedChangesOf({ duration, status });
    const { id: _id, ...fields } = validateVideoInput({ ...fieldValuesOf(entity), ...text });
    Object.assign(entity, fields);
    await applyExtended(em, entity, extended);
    // Only the video row may change, so media's onUpdate would not fire on its own.
    entity.media.updatedAt = new Date();
    await em.flush();
    return entity;
  }

  /**
   * Deletes videos with their media rows (and an extended video's row, transcripts and captions),
   * all in one transaction; with `dryRun` only checks them.
   * Every id must be a video, or nothing is deleted (NotFoundError names the missing ones).
   */
  async deleteMany(mediaIds: Iterable<string>, options: { dryRun?: boolean } = {}): Promise<string[]> {
    const ids = [...new Set(mediaIds)];
    // A dry run only reads: it need not wait for the write lock.
    const transaction = options.dryRun ? (work: (em: StoreEntityManager) => Promise<string[]>) => this.em.transactional(work) : (work: (em: StoreEntityManager) => Promise<string[]>) => writeTransaction(this.em, work);
    return transaction(async (em) => {
      if (!options.dryRun) await lockMediaRows(em, ids);
      const found = new Set<string>();
      for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
        const chunk = ids.slice(start, start + DELETE_CHUNK);
        const rows = await em.find(MediaEntity, { id: { $in: chunk }, mediaType: { $in: [...VIDEO_MEDIA_TYPES] } }, { fields: ['id'] });
        for (const row of rows) found.add(row.id);
      }
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new NotFoundError(this.tableName, missing);
      if (options.dryRun) return ids;
      for (let start = 0; start < ids.length; start += DELETE_CHUNK) {
        const chunk = ids.slice(start, start + DELETE_CHUNK);
        // Children before parents: an extended video's transcripts and captions, its extended_video row, then the video.
        await deleteMediaDependents(em, chunk);
        await em.nativeDelete(ExtendedVideoEntity, { video: { $in: chunk } });
        await em.nativeDelete(this.entityClass, { media: { $in: chunk } } as never);
        await em.nativeDelete(MediaEntity, { id: { $in: chunk } });
      }
      return ids;
    });
  }
}
