import { Entity, OneToOne, OptionalProps, PrimaryKeyProp } from '@mikro-orm/core';
import { MediaEntity } from './media.entity.js';

type Rule = 'cascade' | 'no action' | 'restrict' | 'set null' | 'set default';

export interface MediaKindOptions {
  /** The kind's table. */
  tableName: string;
  /** What deleting the media row does to this one (default: cascade; Aana's own video table: no action). */
  deleteRule?: Rule;
  updateRule?: Rule;
}

/**
 * What every media kind has: its media row, whose id is its own (stored in the `id` column). Extend
 * it and decorate the class with @MediaKind. Unnamed, so that MikroORM sees no base entity to
 * discover (it would look for one by the parent class's name).
 */
export const MediaKindBase = (() =>
  class {
    [PrimaryKeyProp]?: 'media';
    // `id` is derived from `media`, never given when creating.
    [OptionalProps]?: 'id';

    media!: MediaEntity;

    /** The media id, which is also this row's id. */
    get id(): string {
      return this.media.id;
    }
  })();
Object.defineProperty(MediaKindBase, 'name', { value: '' });

/**
 * Declares a kind of media (Aana's pattern: video, …): an entity in a table of its own whose primary
 * key is a one-to-one to `media`. MikroORM 6 has single-table inheritance only, so a kind is not a
 * subclass of MediaEntity; MediaRepository writes, reads and deletes the two rows together.
 */
export function MediaKind(options: MediaKindOptions): (target: typeof MediaKindBase) => void {
  return (target) => {
    OneToOne({ entity: () => MediaEntity, primary: true, fieldName: 'id', owner: true, updateRule: options.updateRule, deleteRule: options.deleteRule ?? 'cascade' })(target.prototype, 'media');
    Entity({ tableName: options.tableName })(target);
  };
}
