import { SchemaConflictError } from '../errors.js';
/** The table the Aana SDK's alembic keeps its revision in; its presence marks a database the SDK manages. */
export const ALEMBIC_VERSION_TABLE = 'alembic_version';

import type { ColumnShape, TableShape } from './schema-inspector.js';

/** What a column must be for aana-store to use a table it did not create. */
export interface ColumnRule {
  name: string;
  kind: 'text' | 'timestamp' | 'integer' | 'float' | 'json' | 'status';
  /** NOT NULL (aana-store reads these as always set). */
  required?: boolean;
  /** Must accept NULL (aana-store stores rows without them). */
  optional?: boolean;
  /** Shortest acceptable declared length of a text column. */
  minLength?: number;
}

/** The column kinds (schema-inspector's) each rule kind accepts, on SQLite and on PostgreSQL. */
const KINDS: Record<ColumnRule['kind'], { sqlite: RegExp; postgresql: RegExp; expected: { sqlite: string; postgresql: string } }> = {
  text: { sqlite: /^text$/, postgresql: /^text$/, expected: { sqlite: 'text', postgresql: 'text' } },
  timestamp: { sqlite: /^datetime$/, postgresql: /^timestamptz$/, expected: { sqlite: 'datetime', postgresql: 'timestamptz' } },
  integer: { sqlite: /^int/i, postgresql: /^(integer|bigint)$/, expected: { sqlite: 'an integer', postgresql: 'an integer' } },
  float: { sqlite: /^(float|real|double)/i, postgresql: /^(double precision|real)$/, expected: { sqlite: 'a float', postgresql: 'a float' } },
  // SQLAlchemy's JSON is JSON text on SQLite.
  json: { sqlite: /^(json|text)$/i, postgresql: /^jsonb?$/, expected: { sqlite: 'JSON', postgresql: 'JSON' } },
  // SQLAlchemy's Enum: a varchar on SQLite, a native enum (USER-DEFINED) or a varchar on PostgreSQL.
  status: { sqlite: /^text$/, postgresql: /^(text|USER-DEFINED)$/, expected: { sqlite: 'a varchar or an enum', postgresql: 'a varchar or an enum' } },
};

/** Every way `table` differs from `rules` that would stop aana-store reading or writing it, each named. */
export function problemsOf(table: TableShape, rules: ColumnRule[], platform: 'sqlite' | 'postgresql'): string[] {
  const problems: string[] = [];
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const rule of rules) {
    const column = byName.get(rule.name);
    const at = `${table.name}.${rule.name}`;
    if (!column) {
      problems.push(`${at} is missing`);
      continue;
    }
    const kind = KINDS[rule.kind];
    if (!kind[platform].test(column.kind)) problems.push(`${at} is ${column.kind}, expected ${kind.expected[platform]}`);
    else if (rule.minLength && column.length !== null && column.length < rule.minLength) {
      problems.push(`${at} holds ${column.length} characters, expected at least ${rule.minLength}`);
    }
    if (rule.required && !column.notNull) problems.push(`${at} allows NULL`);
    if (rule.optional && column.notNull) problems.push(`${at} is NOT NULL`);
  }
  const keys = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (keys.join() !== 'id') problems.push(`${table.name} has primary key (${keys.join(', ')}), expected (id)`);
  const known = new Set(rules.map((r) => r.name));
  for (const extra of table.columns.filter((c: ColumnShape) => !known.has(c.name) && c.notNull && !c.hasDefault)) {
    problems.push(`${table.name}.${extra.name} is NOT NULL without a default, so aana-store could not insert`);
  }
  return problems;
}

/** The foreign keys `table` lacks, each as `table.column has no foreign key to ref.id`. */
export function missingForeignKeys(table: TableShape, keys: Array<[column: string, refTable: string]>): string[] {
  return keys
    .filter(([column, ref]) => !table.foreignKeys.some((k) => k.column === column && k.table === ref && k.refColumn === 'id'))
    .map(([column, ref]) => `${table.name}.${column} has no foreign key to ${ref}.id`);
}

/** Why adoption stops: the tables found are not ones aana-store can share. Nothing has been changed. */
export function adoptionRefused(reason: string): SchemaConflictError {
  return new SchemaConflictError(`cannot adopt the existing schema: ${reason}; aana-store will not guess, so nothing was changed`);
}
