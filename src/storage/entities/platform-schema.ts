import type { EntityMetadata, Platform } from '@mikro-orm/core';
import { isSqlitePlatform } from '../platform.js';
import { VIDEO_STATUS_ENUM, VIDEO_STATUSES } from '../types/video-status.type.js';
import { ExtendedVideoEntity } from './extended-video.entity.js';

/**
 * What the schema holds that MikroORM's metadata can only say for one database (MikroORM's
 * `discovery.onMetadata`), so that `migrate check` compares like with like. The status is a native
 * enum on PostgreSQL only, as SQLAlchemy's Enum makes it. On SQLite, whose schema MikroORM reads
 * less of: no check constraints (it neither reads nor adds them; the migrations create them on both
 * databases), foreign keys by the names it gives them when reading, and integer keys as SQLAlchemy
 * declares them (a rowid alias without AUTOINCREMENT, which assigns ids all the same).
 */
export function adaptToPlatform(meta: EntityMetadata, platform: Platform): void {
  if (isSqlitePlatform(platform)) {
    meta.checks = [];
    for (const prop of meta.props) {
      if (prop.foreignKeyName) prop.foreignKeyName = undefined;
      if (prop.primary && prop.autoincrement) prop.autoincrement = false;
    }
    return;
  }
  if (meta.className === ExtendedVideoEntity.name) {
    Object.assign(meta.properties.status, { enum: true, nativeEnumName: VIDEO_STATUS_ENUM, items: VIDEO_STATUSES.map((s) => s.toUpperCase()) });
  }
}
