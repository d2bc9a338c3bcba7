import { ConnectionException, DriverException, LockWaitTimeoutException, ReadOnlyException, TableNotFoundException } from '@mikro-orm/core';
import { type DbSettings, describeDatabase, redactSecrets } from '../config/settings.js';
import { AanaStoreError, ConnectionError, SchemaMissingError } from '../errors.js';

/** Turns a driver error into a typed aana-store error with one clear line (never the password). */
export function translateStoreError(error: unknown, settings: DbSettings | undefined): unknown {
  if (error instanceof AanaStoreError) return error;
  const where = settings ? describeDatabase(settings) : 'the database';
  if (error instanceof TableNotFoundException) return new SchemaMissingError(where);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof LockWaitTimeoutException && settings?.type === 'sqlite') {
    return new AanaStoreError(`${where} is locked by another process (waited past the busy timeout); nothing was written`, 1, { cause: error });
  }
  if (error instanceof ReadOnlyException) return new AanaStoreError(`${where} is read-only; nothing was written`, 1, { cause: error });
  if (error instanceof ConnectionException) return new ConnectionError(redactSecrets(`cannot reach ${where}: ${message}`), { cause: error });
  if (error instanceof DriverException || isSqliteError(error)) {
    return new AanaStoreError(redactSecrets(`${where}: ${message.split('\n')[0]}`), 1, { cause: error });
  }
  return error;
}

function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_');
}
