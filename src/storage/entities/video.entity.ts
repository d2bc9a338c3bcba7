import { Property } from '@mikro-orm/core';
import { MediaKind, MediaKindBase } from './media-kind.js';
import { VIDEO_FIELDS, type VideoFieldValues } from './video.fields.js';
import { TABLE_NAMES } from './table-names.js';

/**
 * A video (Aana's `video` table): a kind of media, keyed to its media row (MediaKind). Its own
 * columns come from VIDEO_FIELDS. Aana's schema leaves the media row's deletion to the application.
 */
@MediaKind({ tableName: TABLE_NAMES.video, updateRule: 'no action', deleteRule: 'no action' })
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
export class VideoEntity extends MediaKindBase {}

// The fields' types, merged into the class; their columns are declared from the table below, so the
// class declares no field of its own that the merge could contradict.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface VideoEntity extends Partial<VideoFieldValues> {}

// As `@Property(…)` on each field would: the class already carries its metadata's path (@MediaKind).
for (const field of VIDEO_FIELDS) {
  Property({ type: 'string', columnType: 'varchar', nullable: true, fieldName: field.key, comment: field.comment })(VideoEntity.prototype, field.key);
}

