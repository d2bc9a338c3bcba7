/** How long a SQLite connection waits for another's lock before it fails with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * What every connection to a SQLite catalog runs first, through MikroORM's pool or not: WAL lets
 * readers run beside a writer; the busy timeout makes concurrent writers wait instead of failing.
 */
export const SQLITE_CONNECTION_PRAGMAS = `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;`;
