// The `transcript search` rows of npm run bench: 10,000 transcripts of 200 segments (2,000,000
// segments, bench/segments.js) on each database, then the query time of the first 20 hits of
// two-word queries through the library (what the command runs, without process start-up), against
// ranking every match as FTS5's bm25 / PostgreSQL's ts_rank would (ORDER BY … LIMIT 20).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSegments } from './segments.js';

const here = new URL('.', import.meta.url).pathname;
/** A common pair (in ~470,000 segments together), a common and a rarer word (~33,000), two rarer words (~1,700). */
export const SEGMENT_QUERIES = ['the and', 'keynote the', 'keynote drone'];

const FTS5_ALL = (words) =>
  `select transcript_id, segment from transcript_segment_fts where transcript_segment_fts match 'text : (${words.split(' ').map((w) => `"${w}"`).join(' AND ')})' order by bm25(transcript_segment_fts, 0, 0, 0, 1) limit 20`;
const TS_RANK_ALL = (words) =>
  `select transcript_id, segment from transcript_segment_fts where document @@ '${words.split(' ').join(' & ')}'::tsquery order by ts_rank(document, '${words.split(' ').join(' & ')}'::tsquery) desc limit 20`;

/** Median milliseconds of `runs` runs of `work` after one warm-up. */
async function medianMs(runs, work) {
  await work();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Times each query on an initialised, loaded database; returns a bench row per query. */
export async function timeQueries(spec, label, runs, log) {
  const { openOrm, parseDbSpec, searchSegments } = await import(join(here, '../dist/src/index.js'));
  const orm = await openOrm(parseDbSpec(spec), {});
  const rows = [];
  try {
    const connection = orm.em.getConnection();
    for (const words of SEGMENT_QUERIES) {
      const ours = await medianMs(runs, () => searchSegments(orm.em.fork(), words, { limit: 20 }));
      const all = await medianMs(runs, () => connection.execute(label === 'SQLite' ? FTS5_ALL(words) : TS_RANK_ALL(words)));
      log(`  ${label} "${words}": ours ${ours.toFixed(1)} ms, ranking every match ${all.toFixed(1)} ms`);
      rows.push({
        what: `\`transcript search ${words}\` on ${label}, 2,000,000 segments: query time of the first 20 hits`,
        baselineName: `ranking every match (${label === 'SQLite' ? 'FTS5 bm25' : 'ts_rank'}, ORDER BY … LIMIT 20)`,
        ours: ours / 1000,
        baseline: all / 1000,
        ratio: ours / all,
        target: '< 100 ms',
        met: ours < 100,
        note: '',
      });
    }
  } finally {
    await orm.close();
  }
  return rows;
}

/**
 * Loads 2,000,000 segments into a copy of `template` (SQLite) and into a new PostgreSQL database
 * made by `freshPg` (when given), and times the queries on each.
 */
export async function segmentSearchRows({ template, work, runs, log, freshPg, pgUrl }) {
  const sqlite = join(work, 'segments.db');
  copyFileSync(template, sqlite);
  log(`loading 2,000,000 transcript segments into SQLite (${(await loadSegments(sqlite)).toFixed(0)} s)`);
  const rows = await timeQueries(sqlite, 'SQLite', runs, log);
  if (freshPg) {
    const url = pgUrl(freshPg());
    log(`loading 2,000,000 transcript segments into PostgreSQL (${(await loadSegments(url)).toFixed(0)} s)`);
    rows.push(...(await timeQueries(url, 'PostgreSQL', runs, log)));
  }
  return rows;
}
