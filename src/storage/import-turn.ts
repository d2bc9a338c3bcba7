/** Any fixed number: the key of the transaction-scoped advisory lock every import takes on PostgreSQL. */
const IMPORT_LOCK_KEY = 7_246_372_654;

/** Runs one SQL statement in the import's transaction and returns its rows. */
export type RunSql = (sql: string) => Promise<Array<Record<string, unknown>>>;

/**
 * Waits, on PostgreSQL, until no other import into the database is open, then holds the turn until
 * this transaction ends. Two imports side by side lock the rows they write chunk by chunk, each in
 * its own order; when each then waits for a row the other holds, the server ends one of them
 * (deadlock_detected), and two imports of the same (video, model) sets would both find the set
 * missing and both write it. Waiting for a turn is not a statement running long, so the statement
 * timeout (`query_timeout`, or the server's) is lifted for the wait and set back after it.
 * SQLite needs none of this: one writer holds the database at a time.
 */
export async function takeImportTurn(run: RunSql): Promise<void> {
  const [{ timeout }] = await run("select current_setting('statement_timeout') as timeout");
  await run("select set_config('statement_timeout', '0', true)");
  await run(`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
  await run(`select set_config('statement_timeout', '${String(timeout).replace(/'/g, "''")}', true)`);
}
