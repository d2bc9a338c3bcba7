/** Where the database is and how to talk to it; the TypeScript twin of Aana's `DbSettings`. */
export interface CommonDbSettings {
  /** Connections kept in the pool (PostgreSQL; SQLite always uses one). */
  poolSize: number;
  /** Seconds a statement may run before the server cancels it; 0 for none (PostgreSQL). */
  queryTimeout: number;
  /** Seconds to wait for a connection. */
  connectionTimeout: number;
}

export interface SqliteSettings extends CommonDbSettings {
  type: 'sqlite';
  path: string;
}

export interface PostgresSettings extends CommonDbSettings {
  type: 'postgresql';
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export type DbSettings = SqliteSettings | PostgresSettings;

/** Aana's defaults: pool_size 5, query_timeout 30, connection_timeout 10. */
export const DEFAULT_COMMON: CommonDbSettings = {
  poolSize: 5,
  queryTimeout: 30,
  connectionTimeout: 10,
};

export function sqliteSettings(path: string, common: Partial<CommonDbSettings> = {}): SqliteSettings {
  return { type: 'sqlite', path, ...DEFAULT_COMMON, ...common };
}

/** A one-line description of the database, never with the password. */
export function describeDatabase(settings: DbSettings): string {
  if (settings.type === 'sqlite') return `SQLite database ${settings.path}`;
  return `PostgreSQL database "${settings.database}" at ${settings.host}:${settings.port} as ${settings.user}`;
}

/** The settings as a connection URL with the password replaced by `***`. */
export function redactedUrl(settings: DbSettings): string {
  if (settings.type === 'sqlite') return `sqlite:${settings.path}`;
  const auth = encodeURIComponent(settings.user) + (settings.password ? ':***' : '');
  return `postgresql://${auth}@${settings.host}:${settings.port}/${encodeURIComponent(settings.database)}`;
}

/** Replaces every occurrence of the password (and its URL-encoded form) in `text`. */
export function redactSecrets(text: string, settings: DbSettings | undefined): string {
  if (settings?.type !== 'postgresql' || !settings.password) return text;
  let out = text;
  for (const secret of new Set([settings.password, encodeURIComponent(settings.password)])) {
    out = out.split(secret).join('***');
  }
  return out;
}
