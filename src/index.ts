// The library: what the CLI uses, for programs that import aana-store.
export * from './errors.js';
export { settingsFromAanaConfig, parseJsonSettings } from './config/aana-config.js';
export {
  isConfigModule,
  loadConfigModule,
  type LoadedConfigModule,
  type StoreConfigModule,
  type StoreExtensions,
} from './config/config-module.js';
export { configFilePath, defaultDatabasePath, type LoadedSettings, loadSettings, type SettingsOrigin, type SettingsSources } from './config/resolve.js';
export { adoptExistingSchema } from './storage/adoption.js';
export { mikroOrmCliConfig, type MikroOrmCliConfigOptions } from './storage/cli-config.js';
export {
  type CommonDbSettings,
  DEFAULT_COMMON,
  type DbSettings,
  describeDatabase,
  type PostgresSettings,
  redactedUrl,
  redactSecrets,
  type SqliteSettings,
  sqliteSettings,
} from './config/settings.js';
export { parseDbSpec } from './config/spec.js';
export { MediaEntity } from './storage/entities/media.entity.js';
export { MediaKind, MediaKindBase, type MediaKindOptions } from './storage/entities/media-kind.js';
export { VideoEntity } from './storage/entities/video.entity.js';
export {
  EXTENDED_VIDEO_FIELDS,
  type ExtendedVideoField,
  type ExtendedVideoFieldValues,
  FILTERABLE_FIELDS,
  UPDATABLE_FIELDS,
  type UpdatableKey,
  VIDEO_FIELD_KEYS,
  VIDEO_FIELDS,
  type VideoField,
  type VideoFieldKey,
  type VideoFieldValues,
} from './storage/entities/video.fields.js';
export { translateStoreError } from './storage/errors.js';
export { migrateDown, migrateUp, migrationStatus, type MigrationRun, type MigrationStatus } from './storage/migrator.js';
export { coreEntities, createOrmOptions, ensureSqliteFile, openOrm, type OrmExtras, type StoreEntityManager } from './storage/orm.js';
export { BaseRepository } from './storage/repositories/base.repository.js';
export { MediaRepository } from './storage/repositories/media.repository.js';
export { type ListOptions, MAX_SEARCH_RESULTS, type VideoMetadata, VideoRepository } from './storage/repositories/video.repository.js';
export { MEDIA_RECORD_KEYS, type MediaRecord, VIDEO_MEDIA_TYPE, VIDEO_MEDIA_TYPES, VIDEO_RECORD_KEYS, type VideoChanges, type VideoRecord } from './storage/records.js';
export { VideoReader } from './storage/repositories/video-reader.js';
export { type CatalogTables, type SqlSource } from './storage/sql-source.js';
export { entityManagerSource } from './storage/em-source.js';
export { parseInstant, parseSort, SORT_FIELDS, type SortField, type VideoFilter, type VideoSort } from './storage/repositories/video-query.js';
export { listMedia, type MediaListOptions, MediaReader, readMedia } from './storage/repositories/media-reader.js';
export { closeSessions, getSession } from './storage/session.js';
export { type ExtendedVideoRecord, type ExtensionValue, VideoExtensions } from './storage/video-extensions.js';
export { AanaTimestampType } from './storage/types/aana-timestamp.type.js';
export { parseDbTimestamp, toSqlAlchemyText } from './storage/types/timestamp-text.js';
export { MAX_TEXT_LENGTH, MEDIA_ID_PATTERN, validateMediaId, validateUrl, validateVideoInput, type VideoInput } from './storage/validation.js';
export { CaptionEntity } from './storage/entities/caption.entity.js';
export { EXTENDED_VIDEO_CAPTION_TYPE, ExtendedVideoCaptionEntity } from './storage/entities/extended-video-caption.entity.js';
export { EXTENDED_VIDEO_TRANSCRIPT_TYPE, ExtendedVideoTranscriptEntity } from './storage/entities/extended-video-transcript.entity.js';
export { EXTENDED_VIDEO_MEDIA_TYPE, ExtendedVideoEntity } from './storage/entities/extended-video.entity.js';
export { TranscriptEntity } from './storage/entities/transcript.entity.js';
export { ExtendedVideoCaptionRepository, type VideoCaptions } from './storage/repositories/extended-video-caption.repository.js';
export { ExtendedVideoTranscriptRepository } from './storage/repositories/extended-video-transcript.repository.js';
export { searchSegments, type SegmentSearchOptions, type SegmentSearchResult } from './storage/repositories/segment-search.js';
export { MAX_RANKED_SEGMENTS, SEGMENT_HIT_KEYS, type SegmentHit } from './storage/search/segment-hit.js';
export { type ExtendedVideoMetadata, ExtendedVideoRepository, validateDuration, validateStatus } from './storage/repositories/extended-video.repository.js';
export { VIDEO_STATUSES, type VideoStatus } from './storage/types/video-status.type.js';
export type { AsrOutput, AsrSegment, AsrTranscription, AsrTranscriptionInfo, AsrWord, TimeInterval } from './transcripts/segments.js';
