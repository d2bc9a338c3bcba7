import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The admin connection tests create their databases through. */
export const PG_ADMIN_URL = process.env.AANA_STORE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const PG_REQUIRED = process.env.AANA_STORE_REQUIRE_PG === '1';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether PostgreSQL tests run. Without a server they are skipped with a visible notice, unless
 * AANA_STORE_REQUIRE_PG=1, when the missing server is a failure.
 */
export const pgAvailable: boolean = await (async () => {
  const ok = await reachable();
  if (!ok && PG_REQUIRED) throw new Error(`AANA_STORE_REQUIRE_PG=1 but PostgreSQL is not reachable at ${PG_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')}`);
  if (!ok) process.stderr.write(`\n*** PostgreSQL not reachable at ${PG_ADMIN_URL}: PostgreSQL tests are SKIPPED ***\n\n`);
  return ok;
})();

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], database?: string): Promise<T[]> {
  const url = new URL(PG_ADMIN_URL);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh, empty database that the test drops afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `aana_store_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    query: (sql, params) => adminQuery(sql, params, name),
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
