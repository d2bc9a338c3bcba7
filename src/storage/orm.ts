import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { type EntityClass, type EntityManager, type EntitySchema, type MigrationObject, MikroORM, type Options } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { type DbSettings, describeDatabase, type PostgresSettings, redactSecrets } from '../config/settings.js';
import { ConnectionError } from '../errors.js';
import { MediaEntity } from './entities/media.entity.js';
import { adaptToPlatform } from './entities/platform-schema.js';
import { VideoEntity } from './entities/video.entity.js';
import { transcriptEntities } from './entities/transcript-entities.js';
import { pgTlsOptions } from './pg-tls.js';
import { SQLITE_CONNECTION_PRAGMAS } from './sqlite-pragmas.js';
import { StatementTimeout } from './statement-timeout.js';

export type StoreEntityManager = SqlEntityManager;

/** Entities every store knows; extensions add their own through `OrmExtras`. */
export const coreEntities: Array<EntityClass<object>> = [MediaEntity, VideoEntity, ...transcriptEntities];

export interface OrmExtras {
  /** Entities to register beside the core ones (extensions of the schema). */
  entities?: Array<EntityClass<object> | EntitySchema>;
  /** Register the migrator (init, migrate); other commands stay lighter without it. */
  migrations?: boolean;
  /** Migrations of the extensions, run after aana-store's own. */
  extensionMigrations?: MigrationObject[];
}

/**
 * Tables schema diffs leave be: the full-text search tables the migrations keep beside the entities
 * (video_fts, transcript_segment_fts, caption_fts: FTS5 and its shadow tables; tsvector), and SQLite's own (ANALYZE's sqlite_stat1 has untyped columns).
 */
export const UNMODELLED_TABLES = [/^video_fts(_.*)?$/, /^transcript_segment_fts(_.*)?$/, /^caption_fts(_.*)?$/, /^sqlite_/];
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** The raw connection of the libsql driver (better-sqlite3's API): synchronous, throws on error. */
interface SqliteConnectionHandle {
  exec(sql: string): void;
}

/** Builds MikroORM options from settings. Drivers are imported lazily so a command loads only the one it uses. */
export async function createOrmOptions(settings: DbSettings, extras: OrmExtras = {}): Promise<Options> {
  const common: Options = {
    entities: [...coreEntities, ...(extras.entities ?? [])],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true, onMetadata: adaptToPlatform },
    ensureDatabase: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    schemaGenerator: { skipTables: UNMODELLED_TABLES },
    // MikroORM prints to stdout by default; aana-store keeps stdout for results.
    logger: (message: string) => process.stderr.write(`${message}\n`),
  };
  if (extras.migrations) {
    const [{ Migrator }, { migrationsList }] = await Promise.all([import('@mikro-orm/migrations'), import('./migrations/index.js')]);
    common.extensions = [Migrator];
    const list = [...migrationsList, ...(extras.extensionMigrations ?? [])];
    common.migrations = { tableName: MIGRATIONS_TABLE, migrationsList: list, transactional: true, allOrNothing: true, snapshot: false, silent: true };
  }
  if (settings.type === 'sqlite') {
    const { LibSqlDriver } = await import('@mikro-orm/libsql');
    return {
      ...common,
      driver: LibSqlDriver,
      dbName: settings.path,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: SqliteConnectionHandle, done: (error: Error | null, conn: unknown) => void) => {
          try {
            conn.exec(SQLITE_CONNECTION_PRAGMAS);
            done(null, conn);
          } catch (error) {
            done(error as Error, conn);
          }
        },
      },
    };
  }
  const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
  return {
    ...common,
    driver: PostgreSqlDriver,
    host: settings.host,
    port: settings.port,
    user: settings.user,
    dbName: settings.database,
    // A migration holds its lock's transaction on one connection while MikroORM's migrator and the
    // adoption checks use another: two at least, whatever pool_size says.
    pool: { min: 0, max: Math.max(extras.migrations ? 2 : 1, settings.poolSize) },
    subscribers: settings.queryTimeout > 0 ? [new StatementTimeout(Math.max(1, Math.round(settings.queryTimeout * 1000)))] : [],
    driverOptions: { acquireConnectionTimeout: Math.max(1, settings.connectionTimeout) * 1000, connection: await pgConnection(settings) },
  };
}

/**
 * node-postgres options beyond the address: everything is set here, so that node-postgres never falls
 * back to the process's own PG* variables or reads ~/.pgpass itself (config resolution did, with its rules).
 * No session setting is sent (statement_timeout is set per transaction): a pooler in transaction mode
 * would refuse it or hand it to other clients.
 */
async function pgConnection(settings: PostgresSettings): Promise<Record<string, unknown>> {
  const timeoutMs = Math.max(1, settings.connectionTimeout) * 1000;
  return {
    connectionTimeoutMillis: timeoutMs,
    application_name: settings.applicationName ?? 'aana-store',
    ssl: await pgTlsOptions(settings),
    // MikroORM calls this per connection and hands the returned `password` on; node-postgres calls
    // that only when the server asks. Without one it must fail, not read ~/.pgpass on its own.
    password: () => ({
      password: () => {
        if (settings.password !== undefined) return settings.password;
        throw new Error('the server asks for a password and none was given (in the spec, PGPASSWORD or a 0600 password file)');
      },
    }),
  };
}

/** Creates the SQLite file (owner-only) and its folder, so a catalog is not readable by other users. */
export function ensureSqliteFile(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
}

/**
 * Opens the ORM and checks that the database answers. With `create`, a missing SQLite file is
 * created (init); otherwise a missing file is an error rather than a new empty database.
 */
export async function openOrm(settings: DbSettings, extras: OrmExtras & { create?: boolean } = {}): Promise<MikroORM> {
  if (settings.type === 'sqlite') {
    if (extras.create) {
      try {
        ensureSqliteFile(settings.path);
      } catch (error) {
        throw new ConnectionError(`cannot create ${describeDatabase(settings)}: ${(error as Error).message}`, { cause: error });
      }
    }
    else if (!existsSync(settings.path)) {
      throw new ConnectionError(`${describeDatabase(settings)} does not exist; run \`aana-store init\` to create it`);
    }
  }
  const orm = await MikroORM.init({ ...(await createOrmOptions(settings, extras)), connect: false });
  try {
    await orm.connect();
    const check = await orm.checkConnection();
    if (!check.ok) throw new ConnectionError(connectionFailure(settings, check.error ?? check.reason), { cause: check.error });
    return orm;
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(connectionFailure(settings, error), { cause: error });
  }
}

function connectionFailure(settings: DbSettings, cause: unknown): string {
  const reason = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : 'unknown error';
  return redactSecrets(`cannot open ${describeDatabase(settings)}: ${reason}`);
}

export type { EntityManager };
