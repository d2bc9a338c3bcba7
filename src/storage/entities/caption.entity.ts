import { AanaFloatType } from '../types/aana-float.type.js';
import { Check, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AanaTimestampType } from '../types/aana-timestamp.type.js';
import { TABLE_NAMES } from './table-names.js';

/**
 * A frame's caption (Aana's `caption` table): the base row of Aana's joined inheritance,
 * `caption_type` naming the subclass whose table holds the rest (extended_video_caption).
 */
@Entity({ tableName: TABLE_NAMES.caption })
@Check({ name: 'ck_caption_frame_id_positive', expression: 'frame_id >= 0' })
@Check({ name: 'ck_caption_timestamp_positive', expression: '"timestamp" >= (0)::double precision' })
export class CaptionEntity {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', columnType: 'varchar', comment: 'Name of model used to generate the caption' })
  model!: string;

  @Property({ type: 'integer', comment: 'The 0-based frame id of video for caption' })
  frameId!: number;

  @Property({ type: 'string', columnType: 'varchar', comment: 'Frame caption' })
  caption!: string;

  @Property({ type: AanaFloatType, comment: 'Frame timestamp in seconds' })
  timestamp!: number;

  @Property({ type: 'string', columnType: 'varchar', comment: 'The type of caption' })
  captionType!: string;

  @Property({ type: AanaTimestampType, defaultRaw: 'CURRENT_TIMESTAMP', comment: 'Timestamp when row is inserted' })
  createdAt: Date = new Date();

  @Property({ type: AanaTimestampType, defaultRaw: 'CURRENT_TIMESTAMP', onUpdate: () => new Date(), comment: 'Timestamp when row is updated' })
  updatedAt: Date = new Date();
}
