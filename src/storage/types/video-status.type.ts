import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { statusFromColumn, VIDEO_STATUSES, type VideoStatus } from '../entities/video.fields.js';
import { isSqlitePlatform } from '../platform.js';

export { VIDEO_STATUSES, type VideoStatus };

/** The PostgreSQL enum type SQLAlchemy creates for `Mapped[VideoProcessingStatus]` (the class name, lowercased). */
export const VIDEO_STATUS_ENUM = 'videoprocessingstatus';

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
