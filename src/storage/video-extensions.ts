import { type EntityProperty, type Platform, ReferenceKind } from '@mikro-orm/core';
import { ExtendedVideoEntity } from './entities/extended-video.entity.js';
import { VideoEntity } from './entities/video.entity.js';
import { entitiesKeyedTo } from './media-kinds.js';
import type { StoreEntityManager } from './orm.js';
import { rawQuery } from './raw-query.js';
import { VIDEO_RECORD_KEYS } from './entities/video.fields.js';
import type { VideoRecord } from './records.js';

/** A value as every output format can show it. */
export type ExtensionValue = string | number | null;

/** A video record with the fields of the registered video extensions. */
export type ExtendedVideoRecord = VideoRecord & Record<string, ExtensionValue>;

interface ExtensionField {
  /** The record key: the column name, or `table.column` when a core key or another extension has it. */
  key: string;
  column: string;
  prop: EntityProperty;
}

interface ExtensionTable {
  table: string;
  idColumn: string;
  fields: ExtensionField[];
}

/**
 * Video extensions are registered entities whose primary key is a one-to-one to `VideoEntity`: a
 * table of extra fields per video (as `VideoEntity` itself extends `MediaEntity`). Their scalar
 * columns become extra record fields.
 */
function extensionTables(em: StoreEntityManager): ExtensionTable[] {
  const metadata = em.getMetadata();
  const videoClass = metadata.get(VideoEntity.name).className;
  const taken = new Set<string>(VIDEO_RECORD_KEYS);
  const tables: ExtensionTable[] = [];
  // The extended video is a kind of video (its own media_type), not more fields of every video.
  for (const meta of entitiesKeyedTo(metadata, videoClass).filter((m) => m.class !== ExtendedVideoEntity)) {
    const pk = meta.properties[meta.primaryKeys[0]];
    const fields = meta.props
      .filter((p) => p.kind === ReferenceKind.SCALAR && !p.primary && p.persist !== false && p.fieldNames?.length === 1)
      .map((prop) => {
        const column = prop.fieldNames[0];
        const key = taken.has(column) ? `${meta.tableName}.${column}` : column;
        taken.add(key);
        return { key, column, prop };
      });
    tables.push({ table: meta.tableName, idColumn: pk.fieldNames[0], fields });
  }
  return tables;
}

function outputValue(prop: EntityProperty, raw: unknown, platform: Platform): ExtensionValue {
  if (raw === null || raw === undefined) return null;
  let value: unknown = prop.customType ? prop.customType.convertToJSValue(raw, platform) : raw;
  if (prop.runtimeType === 'number' && typeof value === 'string') value = Number(value);
  if (prop.runtimeType === 'boolean') value = Boolean(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * Adds the fields of registered video extensions to video records, a batch of records per query per
 * extension table, so a list keeps streaming in bounded memory. With no extension it passes records
 * through untouched.
 */
export class VideoExtensions {
  private readonly tables: ExtensionTable[];

  constructor(
    private readonly em: StoreEntityManager,
    private readonly batchSize = 1000,
  ) {
    this.tables = extensionTables(em);
  }

  /** The extra record keys, in table and property order. */
  get keys(): string[] {
    return this.tables.flatMap((t) => t.fields.map((f) => f.key));
  }

  async *extend(records: AsyncIterable<VideoRecord>): AsyncGenerator<ExtendedVideoRecord> {
    if (this.tables.length === 0) {
      yield* records as AsyncIterable<ExtendedVideoRecord>;
      return;
    }
    let batch: VideoRecord[] = [];
    for await (const record of records) {
      batch.push(record);
      if (batch.length >= this.batchSize) {
        yield* await this.extendBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield* await this.extendBatch(batch);
  }

  async extendOne(record: VideoRecord): Promise<ExtendedVideoRecord> {
    return (await this.extendBatch([record]))[0];
  }

  private async extendBatch(records: VideoRecord[]): Promise<ExtendedVideoRecord[]> {
    const extended = records.map((r): ExtendedVideoRecord => ({ ...r }));
    const platform = this.em.getPlatform();
    const quote = (name: string) => platform.quoteIdentifier(name);
    for (const { table, idColumn, fields } of this.tables) {
      const columns = [idColumn, ...fields.map((f) => f.column)].map(quote).join(', ');
      const sql = `select ${columns} from ${quote(table)} where ${quote(idColumn)} in (${records.map(() => '?').join(', ')})`;
      const rows = await rawQuery<Record<string, unknown>>(this.em, sql, records.map((r) => r.id));
      const byId = new Map(rows.map((row) => [String(row[idColumn]), row]));
      for (const record of extended) {
        const row = byId.get(record.id);
        for (const field of fields) record[field.key] = row ? outputValue(field.prop, row[field.column], platform) : null;
      }
    }
    return extended;
  }
}
