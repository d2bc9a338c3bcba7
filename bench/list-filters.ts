/**
 * Times a first page of `video list` (filters and sorts), `count` and `search` on a catalog of a
 * million videos, in-process (no CLI start-up). BENCHMARKS.md's `video list` table comes from this.
 *
 *   npx tsx bench/list-filters.ts /tmp/big.db
 *   npx tsx bench/list-filters.ts postgresql://postgres@127.0.0.1:5432/big
 *
 * An empty database (after `aana-store init`) is first filled with ROWS videos by set-based SQL.
 */
import { parseDbSpec } from '../src/config/spec.js';
import { openOrm, type StoreEntityManager } from '../src/storage/orm.js';
import { rawQuery } from '../src/storage/raw-query.js';
import type { ListOptions } from '../src/storage/repositories/video.repository.js';
import { VideoRepository } from '../src/storage/repositories/video.repository.js';

const ROWS = 1_000_000;
const spec = process.argv[2];
if (!spec) throw new Error('usage: npx tsx bench/list-filters.ts <db spec>');
const settings = parseDbSpec(spec);
const orm = await openOrm(settings);
const em = () => orm.em.fork() as StoreEntityManager;

// Titles "Video number i" (one in a thousand ends in "keynote"), descriptions about cats, dogs or
// birds, 100 url hosts, 1000 path folders; created_at every 30 s from 2025-01-01, updated_at reversed.
async function fill(): Promise<void> {
  const [{ n }] = await rawQuery<{ n: number | string }>(em(), 'select count(*) as n from video', []);
  if (Number(n) > 0) return;
  const sqlite = settings.type === 'sqlite';
  const series = sqlite ? `(with recursive s(i) as (select 0 union all select i + 1 from s where i < ${ROWS - 1}) select i from s) n` : `generate_series(0, ${ROWS - 1}) n(i)`;
  const at = (expr: string) => (sqlite ? `strftime('%Y-%m-%d %H:%M:%f000', '2025-01-01', '+' || (${expr}) || ' seconds')` : `timestamptz '2025-01-01 00:00:00+00' + (${expr}) * interval '1 second'`);
  const started = performance.now();
  await em().transactional(async (tx) => {
    await rawQuery(tx, `insert into media (id, media_type, created_at, updated_at) select 'b' || i, 'video', ${at('i * 30')}, ${at(`(${ROWS - 1} - i) * 30`)} from ${series}`, []);
    await rawQuery(
      tx,
      "insert into video (id, url, path, title, description) select 'b' || i, 'https://host' || (i % 100) || '.example.com/v/' || i || '.mp4', " +
        "'/data/' || (i % 1000) || '/' || i || '.mp4', 'Video number ' || i || case when i % 1000 = 7 then ' keynote' else '' end, " +
        "'description of clip ' || i || ' about ' || case i % 3 when 0 then 'cats' when 1 then 'dogs' else 'birds' end from " +
        series,
      [],
    );
  });
  await rawQuery(em(), 'analyze', []);
  console.log(`filled ${ROWS} videos in ${((performance.now() - started) / 1000).toFixed(1)} s (indexes and search triggers included)`);
}

await fill();
const lists: Record<string, ListOptions> = {
  'default order': {},
  'title substring (rare)': { filter: { title: 'keynote' } },
  'since/until one day': { filter: { since: new Date('2025-06-01'), until: new Date('2025-06-02') } },
  'url glob prefix': { filter: { url: 'https://host42.example.com/*' } },
  'path glob prefix': { filter: { path: '/data/7/*' } },
  'sort updated_at desc': { sort: { field: 'updated_at', direction: 'desc' } },
  'sort url': { sort: { field: 'url', direction: 'asc' } },
  'sort title desc': { sort: { field: 'title', direction: 'desc' } },
  'sort title, after b500000': { sort: { field: 'title', direction: 'asc' }, after: 'b500000' },
  'since + title + sort created_at desc': { filter: { since: new Date('2025-05-11'), title: 'number 9' }, sort: { field: 'created_at', direction: 'desc' } },
};
const time = async (name: string, work: () => Promise<string>) => {
  const started = performance.now();
  const result = await work();
  console.log(`${(performance.now() - started).toFixed(1).padStart(9)} ms  ${result.padEnd(9)} ${name}`);
};
for (const [name, options] of Object.entries(lists)) {
  await time(`list ${name}`, async () => {
    let rows = 0;
    for await (const _ of new VideoRepository(em()).list({ ...options, limit: 20 })) rows++;
    return `${rows} rows`;
  });
}
await time('count all', async () => String(await new VideoRepository(em()).count()));
await time('count --title keynote', async () => String(await new VideoRepository(em()).count({ title: 'keynote' })));
await time('search keynote', async () => `${(await new VideoRepository(em()).search('keynote', { limit: 20 })).length} rows`);
await time('search cats', async () => `${(await new VideoRepository(em()).search('cats', { limit: 20 })).length} rows`);
await orm.close();
