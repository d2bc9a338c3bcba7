import { type EntityClass, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MediaIdAlreadyExistsError } from '../../errors.js';
import { MediaEntity } from '../entities/media.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { BaseRepository } from './base.repository.js';

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

  /** Turns a unique-constraint violation into MediaIdAlreadyExistsError; other errors pass through. */
  protected duplicateOr(error: unknown, id: string): unknown {
    this.em.clear();
    return error instanceof UniqueConstraintViolationException ? new MediaIdAlreadyExistsError('media', id, { cause: error }) : error;
  }
}
