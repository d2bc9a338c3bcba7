import type { EntityClass, FilterQuery, FindOneOptions } from '@mikro-orm/core';
import { NotFoundError, UnreadableValueError } from '../../errors.js';
import type { StoreEntityManager } from '../orm.js';

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
    await this.em.persist(entity).flush();
    return entity;
  }

  /** Inserts several entities in one transaction. */
  async createMany(entities: Iterable<T>): Promise<T[]> {
    const list = [...entities];
    await this.em.persist(list).flush();
    return list;
  }

  /** Reads one entity by id; throws NotFoundError when there is none. */
  async read(id: string): Promise<T> {
    const entity = await this.em.findOne(this.entityClass, id as FilterQuery<T>, this.readOptions()).catch((error: unknown) => {
      throw error instanceof UnreadableValueError && !error.row ? error.inRow(this.tableName, id) : error;
    });
    if (!entity) throw new NotFoundError(this.tableName, id);
    return entity;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.em.count(this.entityClass, id as FilterQuery<T>)) > 0;
  }

  /** Deletes one entity by id and returns it; throws NotFoundError when there is none. */
  async delete(id: string): Promise<T> {
    const entity = await this.read(id);
    await this.em.remove(entity).flush();
    return entity;
  }

  /** What `read` loads with the entity; subclasses add relations they always need. */
  protected readOptions(): FindOneOptions<T, never> {
    return {};
  }
}
