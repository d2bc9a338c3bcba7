import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { UnreadableValueError } from '../../errors.js';
import { isSqlitePlatform } from '../platform.js';

/** Aana's VideoProcessingStatus values, as the library and the CLI show them. */
export const VIDEO_STATUSES = ['created', 'running', 'completed', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

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
    const status = value.toLowerCase() as VideoStatus;
    if (!VIDEO_STATUSES.includes(status)) throw new UnreadableValueError(this.prop?.fieldNames?.[0] ?? 'status', `not a video status: ${JSON.stringify(value)}`);
    return status;
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return isSqlitePlatform(platform) ? `varchar(${Math.max(...VIDEO_STATUSES.map((s) => s.length))})` : VIDEO_STATUS_ENUM;
  }

  override compareAsType(): string {
    return 'string';
  }
}
