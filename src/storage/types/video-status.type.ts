import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { UnreadableValueError } from '../../errors.js';
import { VIDEO_STATUSES, type VideoStatus } from '../entities/video.fields.js';
import { isSqlitePlatform } from '../platform.js';

export { VIDEO_STATUSES, type VideoStatus };

/** The PostgreSQL enum type SQLAlchemy creates for `Mapped[VideoProcessingStatus]` (the class name, lowercased). */
export const VIDEO_STATUS_ENUM = 'videoprocessingstatus';

/** A stored status (a member name, `RUNNING`) as shown (`running`); anything else is UnreadableValueError. */
export function statusFromColumn(value: string, column = 'status'): VideoStatus {
  const status = value.toLowerCase() as VideoStatus;
  // Only the member names: a lower-case value is not what SQLAlchemy wrote, and would not be read by Aana.
  if (value !== status.toUpperCase() || !VIDEO_STATUSES.includes(status)) throw new UnreadableValueError(column, `not a video status: ${JSON.stringify(value)}`);
  return status;
}

/**
 * The status column as SQLAlchemy's Enum type stores VideoProcessingStatus: the member names
 * (`CREATED`, …), in a native enum on PostgreSQL and a varchar as long as the longest name on SQLite.
 */
export class VideoStatusType extends Type<VideoStatus, string> {
  override convertToDatabaseValue(value: VideoStatus): string {
    return value.toUpperCase();
  }

  override convertToJSValue(value: string): VideoStatus {
    return statusFromColumn(value, this.prop?.fieldNames?.[0]);
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return isSqlitePlatform(platform) ? `varchar(${Math.max(...VIDEO_STATUSES.map((s) => s.length))})` : VIDEO_STATUS_ENUM;
  }

  override compareAsType(): string {
    return 'string';
  }
}
