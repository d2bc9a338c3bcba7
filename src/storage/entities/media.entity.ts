import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AanaTimestampType } from '../types/aana-timestamp.type.js';
import { TABLE_NAMES } from './table-names.js';

/**
 * A media item of any kind (Aana's `media` table). Each kind (video, …) keeps its own fields in a
 * table of its own whose primary key is also a foreign key to this one.
 */
@Entity({ tableName: TABLE_NAMES.media })
@Index({ name: 'ix_media_created_at_id', properties: ['createdAt', 'id'] })
@Index({ name: 'ix_media_updated_at_id', properties: ['updatedAt', 'id'] })
export class MediaEntity {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'string', columnType: 'varchar(36)', comment: 'Unique identifier for the media' })
  id: string = randomUUID();

  @Property({ type: 'string', columnType: 'varchar', comment: 'The type of media' })
  mediaType!: string;

  @Property({ type: AanaTimestampType, defaultRaw: 'CURRENT_TIMESTAMP', comment: 'Timestamp when row is inserted' })
  createdAt: Date = new Date();

  @Property({ type: AanaTimestampType, defaultRaw: 'CURRENT_TIMESTAMP', onUpdate: () => new Date(), comment: 'Timestamp when row is updated' })
  updatedAt: Date = new Date();
}
