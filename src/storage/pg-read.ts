import { IsolationLevel, type MikroORM } from '@mikro-orm/core';
import type { DbSettings } from '../config/settings.js';
import { ConnectionError } from '../errors.js';
import { openOrm, type OrmExtras, type StoreEntityManager } from './orm.js';
import { isSqlitePlatform } from './platform.js';

export interface ReadExtras extends OrmExtras {
  /** Told once when no replica answered and the primary serves the reads. */
  warn?: (message: string) => void;
}

/**
 * A connection the server closed, or a server starting or stopping, which a moment later may succeed
 * (a restart, a failover). A refused connection is not retried: nothing listens there, most often a
 * wrong port, and psql too fails at once.
 */
function transient(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const text = `${cause?.code ?? ''} ${cause?.message ?? ''} ${(error as Error).message}`;
  return /ECONNRESET|EPIPE|Connection terminated|the database system is (starting up|shutting down|in recovery mode)/i.test(text);
}

/**
 * Opens a database for a read-only command, retrying a dropped connection with bounded
 * backoff (0.2 s doubling to 2 s) until `connection_timeout` has passed, as a client rides out a failover.
 */
async function openRetrying(settings: DbSettings, extras: OrmExtras): Promise<MikroORM> {
  const deadline = Date.now() + Math.max(1, settings.connectionTimeout) * 1000;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await openOrm(settings, extras);
    } catch (error) {
      if (!(error instanceof ConnectionError) || !transient(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The ORM a read-only command reads through: the first replica that answers within the connect
 * timeout (in the order given), else the primary with one warning. Every query of the command then
 * goes to that one server, raw SQL included, so a command never mixes a replica's and the primary's view.
 */
export async function openForReading(settings: DbSettings, extras: ReadExtras = {}): Promise<MikroORM> {
  const { warn, ...ormExtras } = extras;
  if (settings.type !== 'postgresql' || !settings.replicas?.length) return openRetrying(settings, ormExtras);
  const reasons: string[] = [];
  for (const replica of settings.replicas) {
    try {
      return await openOrm(replica, ormExtras);
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
      reasons.push(error.message);
    }
  }
  warn?.(`no replica answered (${reasons.join('; ')}); reading from the primary`);
  return openRetrying(settings, ormExtras);
}

/**
 * Runs a read-only command's work on PostgreSQL in one read-only transaction: `query_timeout` is set
 * per transaction (see StatementTimeout), and every page of a list or an export sees one snapshot.
 */
export function readTransaction<T>(em: StoreEntityManager, work: (em: StoreEntityManager) => Promise<T>): Promise<T> {
  if (isSqlitePlatform(em.getPlatform())) return work(em);
  return em.transactional((tx) => work(tx), { readOnly: true, isolationLevel: IsolationLevel.REPEATABLE_READ });
}
