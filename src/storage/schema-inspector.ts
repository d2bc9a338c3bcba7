import type { StoreEntityManager } from './orm.js';
import { isSqlitePlatform } from './platform.js';

/** A column as both databases describe it, reduced to what decides whether aana-store can use it. */
export interface ColumnShape {
  name: string;
  /** `text`, `timestamptz` (PostgreSQL), `datetime` (SQLite) or the declared type as found. */
  kind: string;
  /** Declared length of a text column; null when unbounded. */
  length: number | null;
  notNull: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
}

export interface ForeignKeyShape {
  column: string;
  table: string;
  refColumn: string;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  foreignKeys: ForeignKeyShape[];
}

async function rows<R>(em: StoreEntityManager, sql: string, params: unknown[] = []): Promise<R[]> {
  return em.getConnection().execute<R[]>(sql, params, 'all');
}

function sqliteKind(declared: string): { kind: string; length: number | null } {
  const type = declared.trim().toUpperCase();
  const length = /\((\d+)\)/.exec(type);
  if (/^(N?VARCHAR|N?CHAR|CHARACTER|CHARACTER VARYING|VARYING CHARACTER|NATIVE CHARACTER|TEXT|CLOB)\b/.test(type)) {
    return { kind: 'text', length: length ? Number(length[1]) : null };
  }
  if (/^(DATETIME|TIMESTAMP)\b/.test(type)) return { kind: 'datetime', length: null };
  return { kind: declared, length: null };
}

function postgresKind(dataType: string): string {
  if (dataType === 'character varying' || dataType === 'character' || dataType === 'text') return 'text';
  if (dataType === 'timestamp with time zone') return 'timestamptz';
  return dataType;
}

/** Whether a table exists (in the current schema on PostgreSQL). */
export async function tableExists(em: StoreEntityManager, table: string): Promise<boolean> {
  const found = isSqlitePlatform(em.getPlatform())
    ? await rows(em, "select 1 from sqlite_master where type = 'table' and name = ?", [table])
    : await rows(em, 'select 1 from information_schema.tables where table_schema = current_schema() and table_name = ?', [table]);
  return found.length > 0;
}

/** Describes a table's columns, primary key and foreign keys, or undefined when there is no such table. */
export async function inspectTable(em: StoreEntityManager, table: string): Promise<TableShape | undefined> {
  if (!(await tableExists(em, table))) return undefined;
  if (isSqlitePlatform(em.getPlatform())) {
    const info = await rows<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
      em,
      'select name, type, "notnull", dflt_value, pk from pragma_table_info(?) order by cid',
      [table],
    );
    const keys = await rows<{ from: string; table: string; to: string | null }>(em, 'select "from", "table", "to" from pragma_foreign_key_list(?)', [table]);
    return {
      name: table,
      columns: info.map((c) => ({ name: c.name, ...sqliteKind(c.type), notNull: c.notnull === 1, hasDefault: c.dflt_value !== null, primaryKey: c.pk > 0 })),
      // A foreign key without a target column refers to the other table's primary key.
      foreignKeys: keys.map((k) => ({ column: k.from, table: k.table, refColumn: k.to ?? 'id' })),
    };
  }
  const regclass = "(quote_ident(current_schema()) || '.' || quote_ident(?))::regclass";
  const info = await rows<{ name: string; data_type: string; length: number | null; not_null: boolean; has_default: boolean }>(
    em,
    'select column_name as name, data_type, character_maximum_length as length, is_nullable = \'NO\' as not_null, column_default is not null as has_default ' +
      'from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position',
    [table],
  );
  const primary = await rows<{ name: string }>(
    em,
    `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) where i.indrelid = ${regclass} and i.indisprimary`,
    [table],
  );
  const keys = await rows<ForeignKeyShape>(
    em,
    'select a.attname as "column", rt.relname as "table", ra.attname as "refColumn" from pg_constraint k ' +
      'join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1] join pg_class rt on rt.oid = k.confrelid ' +
      `join pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = k.confkey[1] where k.contype = 'f' and k.conrelid = ${regclass}`,
    [table],
  );
  const pk = new Set(primary.map((p) => p.name));
  return {
    name: table,
    columns: info.map((c) => ({
      name: c.name,
      kind: postgresKind(c.data_type),
      length: c.length === null ? null : Number(c.length),
      notNull: c.not_null,
      hasDefault: c.has_default,
      primaryKey: pk.has(c.name),
    })),
    foreignKeys: keys,
  };
}
