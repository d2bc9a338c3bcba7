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
  if (connectionLost(error)) {
    return new ConnectionError(redactSecrets(`lost the connection to ${where}: ${message.split('\n')[0]}; its open transaction was rolled back`), { cause: error });
  }
  if (error instanceof ConnectionException) return new ConnectionError(redactSecrets(`cannot reach ${where}: ${message}`), { cause: error });
  if (error instanceof DriverException || isSqliteError(error)) {
    return new AanaStoreError(redactSecrets(`${where}: ${message.split('\n')[0]}${timeoutHint(error, settings)}`), 1, { cause: error });
  }
  return error;
}

/**
 * The server ended the connection under a command: PostgreSQL's shutdown and terminate codes (class
 * 57P), or node-postgres finding the socket closed (errors with no code). Whatever its transaction
 * had written is gone with it.
 */
function connectionLost(error: unknown): boolean {
  const { code, message } = (error as { code?: unknown; message?: unknown } | null) ?? {};
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return [code, cause].some((c) => typeof c === 'string' && c.startsWith('57P')) || (typeof message === 'string' && /^(Connection terminated|Client has encountered a connection error)/.test(message));
}

/** PostgreSQL cancelled a statement past `statement_timeout`: name the setting that sets it. */
function timeoutHint(error: unknown, settings: DbSettings | undefined): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== '57014' || typeof message !== 'string' || !message.includes('statement timeout')) return '';
  const now = settings ? `query_timeout is ${settings.queryTimeout} s` : 'the query_timeout setting';
  return ` (${now}: raise query_timeout in DB_CONFIG or the config file, or 0 for no limit)`;
}

function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_');
}
