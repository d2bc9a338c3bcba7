import { type EntityClass, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MediaIdAlreadyExistsError } from '../../errors.js';
import { MediaEntity } from '../entities/media.entity.js';
import { entitiesKeyedTo } from '../media-kinds.js';
import type { StoreEntityManager } from '../orm.js';
import { BaseRepository, type CheckOption } from './base.repository.js';
import { deleteMediaDependents } from './subclass-rows.js';

/** Repository for media of any kind; a duplicate id is caught from the unique constraint, not checked first. */
export class MediaRepository<M extends { id: string } = MediaEntity> extends BaseRepository<M> {
  constructor(em: StoreEntityManager, entityClass: EntityClass<M> = MediaEntity as unknown as EntityClass<M>) {
    super(em, entityClass);
  }

  /** Aana's `check_media_exists`. */
  async checkMediaExists(mediaId: string): Promise<boolean> {
    return this.exists(mediaId);
  }

  override async create(entity: M): Promise<M> {
    try {
      return await super.create(entity);
    } catch (error) {
      throw this.duplicateOr(error, entity.id);
    }
  }

  override async createMany(entities: Iterable<M>): Promise<M[]> {
    const list = [...entities];
    try {
      return await super.createMany(list);
    } catch (error) {
      throw this.duplicateOr(error, list.length === 1 ? list[0].id : 'one of the ids');
    }
  }

  /**
   * Deletes the media row with the rows keyed to it (removalOf) and, an extended video, its
   * transcripts and captions, in one transaction; returns it, or NotFoundError (`check: false`: null).
   */
  override delete(id: string): Promise<M>;
  override delete(id: string, options: { check: false }): Promise<M | null>;
  override delete(id: string, options?: CheckOption): Promise<M | null>;
  override async delete(id: string, options: CheckOption = {}): Promise<M | null> {
    const entity = await this.read(id, options);
    if (!entity) return null;
    const rows = await this.removalOf(entity);
    await this.em.transactional(async (tx) => {
      await deleteMediaDependents(tx, [entity.id]);
      tx.remove(rows);
    });
    return entity;
  }

  /**
   * As in Aana, where a video is a kind of media: deleting media deletes its row in the table of its
   * kind (a video, a registered kind) and the rows keyed to that (video extensions) with it.
   */
  protected override async removalOf(entity: M): Promise<object[]> {
    const media = await this.em.findOne(MediaEntity, entity.id);
    const rows: object[] = media ? [media] : [];
    const keyedTo = async (className: string): Promise<void> => {
      for (const meta of entitiesKeyedTo(this.em.getMetadata(), className)) {
        const row: object | null = await this.em.findOne(meta.class as EntityClass<object>, entity.id);
        if (!row) continue;
        rows.push(row);
        await keyedTo(meta.className);
      }
    };
    await keyedTo(this.em.getMetadata().get(MediaEntity.name).className);
    return rows;
  }

  /** Turns a unique-constraint violation into MediaIdAlreadyExistsError; other errors pass through. */
  protected duplicateOr(error: unknown, id: string): unknown {
    return error instanceof UniqueConstraintViolationException ? new MediaIdAlreadyExistsError('media', id, { cause: error }) : error;
  }
}
