import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.js';

describe.skipIf(!pgAvailable)('two migrations at once (PostgreSQL, advisory lock)', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => db?.drop());

  it('two inits at once, each its own connection: one applies every migration, the other then finds nothing to do; both exit 0', async () => {
    db = await createTestDatabase();
    const [a, b] = await Promise.all([runInProcess(['--db', db.url, 'init'], { env: baseEnv() }), runInProcess(['--db', db.url, 'init'], { env: baseEnv() })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout + b.stdout).toBe('');
    const messages = [a.stderr, b.stderr].sort();
    expect(messages[0]).toMatch(/^Initialized PostgreSQL database .*: applied \d+ migration\(s\)/);
    expect(messages[1]).toMatch(/^PostgreSQL database .* is up to date\n$/);
    const rows = await db.query<{ name: string }>('select name from mikro_orm_migrations');
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });
});
