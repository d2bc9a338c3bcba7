import { type EntityClass, type FilterQuery, type FindOneOptions, helper } from '@mikro-orm/core';
import { NotFoundError, UnreadableValueError } from '../../errors.js';
import type { StoreEntityManager } from '../orm.js';

/** Aana's `check`: `false` turns a missing id into `null` instead of NotFoundError. */
export interface CheckOption {
  check?: boolean;
}

/**
 * Aana's BaseRepository: one entity class, one EntityManager (the unit of work). Each writing
 * method flushes, and a flush is one transaction.
 */
export class BaseRepository<T extends object> {
  constructor(
    readonly em: StoreEntityManager,
    readonly entityClass: EntityClass<T>,
  ) {}

  get tableName(): string {
    return this.em.getMetadata().get<T>(this.entityClass.name).tableName;
  }

  /** Inserts one entity. */
  async create(entity: T): Promise<T> {
    await this.insert([entity]);
    return entity;
  }

  /** Inserts several entities in one transaction. */
  async createMany(entities: Iterable<T>): Promise<T[]> {
    const list = [...entities];
    await this.insert(list);
    return list;
  }

  /** Reads one entity by id; throws NotFoundError when there is none, or with `{ check: false }` returns null. */
  read(id: string): Promise<T>;
  read(id: string, options: { check: false }): Promise<T | null>;
  read(id: string, options?: CheckOption): Promise<T | null>;
  async read(id: string, options: CheckOption = {}): Promise<T | null> {
    const entity = await this.em.findOne(this.entityClass, id as FilterQuery<T>, this.readOptions()).catch((error: unknown) => {
      throw error instanceof UnreadableValueError && !error.row ? error.inRow(this.tableName, id) : error;
    });
    if (!entity && options.check !== false) throw new NotFoundError(this.tableName, id);
    return entity;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.em.count(this.entityClass, id as FilterQuery<T>)) > 0;
  }

  /** Deletes one entity by id and returns it; throws NotFoundError when there is none, or with `{ check: false }` returns null. */
  delete(id: string): Promise<T>;
  delete(id: string, options: { check: false }): Promise<T | null>;
  delete(id: string, options?: CheckOption): Promise<T | null>;
  async delete(id: string, options: CheckOption = {}): Promise<T | null> {
    const entity = await this.read(id, options);
    if (!entity) return null;
    await this.em.remove(await this.removalOf(entity)).flush();
    return entity;
  }

  /** What `read` loads with the entity; subclasses add relations they always need. */
  protected readOptions(): FindOneOptions<T, never> {
    return {};
  }

  /** The rows deleting `entity` deletes with it; subclasses add rows that depend on it. */
  protected async removalOf(entity: T): Promise<object[]> {
    return [entity];
  }

  /**
   * Persists new entities and flushes. When the flush fails (its transaction rolled back), the
   * entities it was inserting leave the unit of work, and nothing else does: what the session had
   * loaded stays managed, so later changes to it still flush.
   */
  protected async insert(entities: T[]): Promise<void> {
    const uow = this.em.getUnitOfWork();
    const loaded = [...uow.getIdentityMap()];
    this.em.persist(entities);
    const inserting = [...uow.getPersistStack()].filter((entity) => !helper(entity).__managed);
    try {
      await this.em.flush();
    } catch (error) {
      for (const entity of inserting) uow.unsetIdentity(entity);
      // A new entity with the id of a loaded one took its place in the identity map; give it back.
      for (const entity of loaded) uow.getIdentityMap().store(entity);
      throw error;
    }
  }
}
