import type { EntityClass } from '@mikro-orm/core';
import { sqlitePages } from './bulk/sqlite-pages.js';
import { ExtendedVideoCaptionEntity } from './entities/extended-video-caption.entity.js';
import { ExtendedVideoTranscriptEntity } from './entities/extended-video-transcript.entity.js';
import { ExtendedVideoEntity } from './entities/extended-video.entity.js';
import { MediaEntity } from './entities/media.entity.js';
import { VideoEntity } from './entities/video.entity.js';
import type { StoreEntityManager } from './orm.js';
import { isSqlitePlatform } from './platform.js';
import { rawQuery } from './raw-query.js';
import type { SqlSource } from './sql-source.js';

/**
 * Raw reads on a unit of work's connection, in its transaction if it has one; the tables as its
 * metadata names them, the video's those of `videoClass` (a subclass an application registers).
 */
export function entityManagerSource(em: StoreEntityManager, videoClass: EntityClass<object> = VideoEntity): SqlSource {
  const platform = em.getPlatform();
  const metadata = em.getMetadata();
  const table = (entity: EntityClass<object>) => metadata.get(entity.name).tableName;
  const sqlite = isSqlitePlatform(platform);
  return {
    dialect: { sqlite, quote: (identifier) => platform.quoteIdentifier(identifier) },
    tables: {
      media: table(MediaEntity),
      video: table(videoClass),
      extended: table(ExtendedVideoEntity),
      videoTranscript: table(ExtendedVideoTranscriptEntity),
      videoCaption: table(ExtendedVideoCaptionEntity),
    },
    query<R>(sql: string, params: unknown[]) {
      return rawQuery<R>(em, sql, params);
    },
    pages<R>(sql: string, params: unknown[], size: number) {
      return sqlite && !em.getTransactionContext() ? sqlitePages<R>(em, sql, params, size) : undefined;
    },
  };
}
