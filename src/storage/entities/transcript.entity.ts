import { AanaFloatType } from '../types/aana-float.type.js';
import { Check, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { AsrSegment } from '../../transcripts/segments.js';
import { AanaJsonType } from '../types/aana-json.type.js';
import { AanaTimestampType } from '../types/aana-timestamp.type.js';
import { TABLE_NAMES } from './table-names.js';

/**
 * A transcript of any media (Aana's `transcript` table): the base row of Aana's joined inheritance,
 * `transcript_type` naming the subclass whose table holds the rest (extended_video_transcript).
 * MikroORM 6 has single-table inheritance only, so the subclass is an entity keyed to this one.
 */
@Entity({ tableName: TABLE_NAMES.transcript })
@Check({ name: 'ck_transcript_language_confidence_value_range', expression: 'language_confidence >= (0)::double precision and language_confidence <= (1)::double precision' })
export class TranscriptEntity {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', columnType: 'varchar', comment: 'Name of model used to generate transcript' })
  model!: string;

  @Property({ type: 'string', columnType: 'varchar', comment: 'Full text transcript of media' })
  transcript!: string;

  @Property({ type: AanaJsonType, comment: 'Segments of the transcript' })
  segments!: AsrSegment[];

  @Property({ type: 'string', columnType: 'varchar', comment: 'Language of the transcript as predicted by model' })
  language!: string;

  @Property({ type: AanaFloatType, comment: 'Confidence score of language prediction' })
  languageConfidence!: number;

  @Property({ type: 'string', columnType: 'varchar', comment: 'The type of transcript' })
  transcriptType!: string;

  @Property({ type: AanaTimestampType, defaultRaw: 'CURRENT_TIMESTAMP', comment: 'Timestamp when row is inserted' })
  createdAt: Date = new Date();

  @Property({ type: AanaTimestampType, defaultRaw: 'CURRENT_TIMESTAMP', onUpdate: () => new Date(), comment: 'Timestamp when row is updated' })
  updatedAt: Date = new Date();
}
