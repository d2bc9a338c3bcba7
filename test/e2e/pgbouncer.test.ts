import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_ADMIN_URL, PG_REQUIRED, pgAvailable } from '../helpers/pg.js';
import { canStartPgbouncer, startPgbouncer } from '../helpers/pgbouncer.js';

if (PG_REQUIRED && !canStartPgbouncer) throw new Error('AANA_STORE_REQUIRE_PG=1 but pgbouncer is not installed (apt-get install pgbouncer)');

/** The test files that exercise a whole catalog: import, export, search (and its upkeep by an import's transaction), migrate. */
const CATALOG_TESTS = ['test/integration/catalog.test.ts', 'test/cli/import-export.test.ts', 'test/cli/migrate.test.ts', 'test/integration/search-upkeep.test.ts'];

describe.skipIf(!pgAvailable || !canStartPgbouncer)('PgBouncer in transaction pooling mode in front of the PostgreSQL server', () => {
  let bouncer: { port: number; stop: () => void };
  beforeAll(async () => {
    const admin = new URL(PG_ADMIN_URL);
    bouncer = await startPgbouncer({ host: admin.hostname, port: Number(admin.port || 5432) });
  }, 60_000);
  afterAll(() => bouncer?.stop());

  it('the catalog test files pass with every PostgreSQL connection going through it', async () => {
    const url = new URL(PG_ADMIN_URL);
    url.port = String(bouncer.port);
    const child = spawn('npx', ['vitest', 'run', ...CATALOG_TESTS], {
      env: { ...process.env, AANA_STORE_TEST_PG_URL: url.toString(), AANA_STORE_REQUIRE_PG: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(output).toMatch(/Test Files +\d+ passed/);
    expect(code, output.slice(-4000)).toBe(0);
  }, 900_000);
});
