import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';
import { UnreadableValueError } from '../../errors.js';

/**
 * JSON text as Python's `json.dumps` writes it with its defaults (SQLAlchemy's JSON type uses it):
 * `", "` and `": "` between items, every character beyond ASCII escaped as `\uXXXX`.
 */
export function pythonJsonText(value: unknown): string {
  const spaced = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(spaced).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      return `{${Object.entries(v as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => `${JSON.stringify(key)}: ${spaced(item)}`)
        .join(', ')}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return spaced(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A JSON column as the Aana SDK's models have it: `JSON` text on SQLite, `json` on PostgreSQL
 * (which keeps the text as written), holding what Python's json.dumps writes, so that either side
 * reads the other's rows.
 */
export class AanaJsonType<T = unknown> extends Type<T, string> {
  override convertToDatabaseValue(value: T): string {
    return pythonJsonText(value);
  }

  override convertToJSValue(value: string | T): T {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw new UnreadableValueError(this.prop?.fieldNames?.[0] ?? 'json', 'not JSON');
    }
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return 'json';
  }

  override compareAsType(): string {
    return 'string';
  }

  /**
   * The loaded value is compared as the text this type would write: the raw value is an object on
   * PostgreSQL (pg parses json) and, on SQLite, whatever text the writer chose (Python's `1.0` where
   * this type writes `1`), so comparing it as read would take every loaded row for changed and
   * rewrite it on the next flush — a read-only transaction would then fail, and another writer's
   * text be replaced.
   */
  override ensureComparable(): boolean {
    return true;
  }
}
