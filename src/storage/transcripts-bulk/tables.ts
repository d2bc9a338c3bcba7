import type { Knex } from '@mikro-orm/knex';
import type { EntityName } from '@mikro-orm/core';
import { CaptionEntity } from '../entities/caption.entity.js';
import { ExtendedVideoCaptionEntity } from '../entities/extended-video-caption.entity.js';
import { ExtendedVideoTranscriptEntity } from '../entities/extended-video-transcript.entity.js';
import { ExtendedVideoEntity } from '../entities/extended-video.entity.js';
import { TranscriptEntity } from '../entities/transcript.entity.js';
import { VideoEntity } from '../entities/video.entity.js';
import type { StoreEntityManager } from '../orm.js';
import { AanaTimestampType } from '../types/aana-timestamp.type.js';

/** A table's quoted name and its columns' quoted names by property, as the entity maps them. */
export interface SqlTable {
  name: string;
  /** The bare table name, for messages. */
  bare: string;
  col: (property: string) => string;
  /** The column qualified by the table, for joins. */
  at: (property: string) => string;
}

export function sqlTable(em: StoreEntityManager, entity: EntityName<object>): SqlTable {
  const meta = em.getMetadata().get(entity as never);
  const q = (name: string) => em.getPlatform().quoteIdentifier(name);
  const col = (property: string) => {
    const field = (meta.properties as Record<string, { fieldNames?: string[] } | undefined>)[property]?.fieldNames?.[0];
    if (!field) throw new Error(`internal: ${meta.className} has no property ${property}`);
    return q(field);
  };
  return { name: q(meta.tableName), bare: meta.tableName, col, at: (property) => `${q(meta.tableName)}.${col(property)}` };
}

/** The tables the bulk transcript and caption code reads and writes. */
export function bulkTables(em: StoreEntityManager) {
  return {
    video: sqlTable(em, VideoEntity),
    extendedVideo: sqlTable(em, ExtendedVideoEntity),
    transcript: sqlTable(em, TranscriptEntity),
    videoTranscript: sqlTable(em, ExtendedVideoTranscriptEntity),
    caption: sqlTable(em, CaptionEntity),
    videoCaption: sqlTable(em, ExtendedVideoCaptionEntity),
  };
}
export type BulkTables = ReturnType<typeof bulkTables>;

const timestampType = new AanaTimestampType();

/** A timestamp as a raw statement's parameter, stored as the entities store it (SQLAlchemy's text on SQLite). */
export function timestampParam(em: StoreEntityManager, date: Date): unknown {
  return timestampType.convertToDatabaseValue(date, em.getPlatform());
}

/** `?, ?, …` for `n` parameters. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Runs a bulk write with its parameters bound by the driver, in the unit of work's transaction.
 * MikroORM's `execute` would inline them into the SQL text first, which for a chunk of transcripts
 * means megabytes of escaped JSON built in JavaScript (and, on PostgreSQL, hundreds of MB of peak memory).
 */
export async function bulkWrite(em: StoreEntityManager, sql: string, params: unknown[]): Promise<void> {
  const query = em.getConnection().getKnex().raw(sql, params as never[]);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) void query.transacting(transaction);
  try {
    await query;
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
