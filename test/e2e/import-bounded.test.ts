import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { baseEnv, runCli, startCli } from '../helpers/cli.js';

/** Seconds; small, yet many times what one chunk's statements take on a loaded machine. */
const QUERY_TIMEOUT = 3;

/** Settings as the Aana SDK passes them: DB_CONFIG with a query_timeout (PostgreSQL's statement timeout). */
function dbConfig(db: Backend, queryTimeout: number): NodeJS.ProcessEnv {
  if (db.kind === 'sqlite') return baseEnv({ DB_CONFIG: JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: db.spec }, query_timeout: queryTimeout }) });
  const url = new URL(db.spec);
  const config = { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), database: url.pathname.slice(1) };
  return baseEnv({ DB_CONFIG: JSON.stringify({ datastore_type: 'postgresql', datastore_config: config, query_timeout: queryTimeout }) });
}

const record = (i: number) => `{"id":"b-${i}","url":"https://example.com/${i}.mp4","title":"title ${i}","description":"a description of video ${i}, long enough to be indexed"}\n`;
const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => record(from + i)).join('');

describe.each(BACKENDS)('video import keeps every statement short on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const db = useCatalog(create);
    const count = async () => Number((await db().query<{ n: number | string }>('select count(*) as n from video'))[0].n);

    // query_timeout is PostgreSQL's; on SQLite the same import shows the recipe works there as well.
    const total = kind === 'postgresql' ? 100_000 : 20_000;

    it(`${total} records from a producer that pauses longer than query_timeout import with no statement cancelled`, async () => {
      const { child, exited: closed } = startCli(['video', 'import', '-', '--report', 'json'], { env: dbConfig(db(), QUERY_TIMEOUT) });
      // A CLI that fails stops reading: its exit ends the wait as well.
      const write = async (text: string) => {
        if (!child.stdin.write(text)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), closed]);
      };
      const half = total / 2;
      for (let i = 0; i < half; i += 10_000) await write(records(i, i + 10_000));
      // The pause is the point of the test, not a way to wait for something: an upstream `video export`
      // may be this slow. A statement held open while input is awaited would be cancelled meanwhile.
      await new Promise((resolve) => setTimeout(resolve, (QUERY_TIMEOUT + 1) * 1000));
      for (let i = half; i < total; i += 10_000) await write(records(i, i + 10_000));
      child.stdin.end();
      const { code, stdout, stderr } = await closed;
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(new RegExp(`^inserted ${total}, updated 0, unchanged 0, skipped 0, invalid 0 in \\d+\\.\\d s\\n$`));
      expect(JSON.parse(stdout)).toMatchObject({ records: total, inserted: total });
      expect(await count()).toBe(total);
    }, 300_000);

    // query_timeout is a PostgreSQL setting: defined there, not skipped elsewhere.
    if (kind === 'postgresql') it('a statement that does run past query_timeout fails naming the setting, and writes nothing', async () => {
      const before = await count();
      const blocker = new pg.Client({ connectionString: db().spec });
      await blocker.connect();
      try {
        // Another session holds the media table: the import's first write waits past its timeout.
        await blocker.query('begin; lock table media in access exclusive mode');
        const result = await runCli(['video', 'import', '-'], { env: dbConfig(db(), 1), input: records(500_000, 500_010) });
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          /^error: PostgreSQL database "\w+" at 127\.0\.0\.1:5432 as postgres: canceling statement due to statement timeout \(query_timeout is 1 s: raise query_timeout in DB_CONFIG or the config file, or 0 for no limit\)\n$/,
        );
        expect(result.code).toBe(1);
      } finally {
        await blocker.query('rollback');
        await blocker.end();
      }
      expect(await count()).toBe(before);
    }, 60_000);
  });
});
