// CPU time of `transcript search` queries, for a machine too loaded for wall time to mean much:
// SQLite in this process (the driver is synchronous, so the process's CPU is the query's), and on
// PostgreSQL the CPU of the one server backend running them (from /proc, so the server must be local).
// Usage (after npm run build, on a catalog loaded by bench/segments.js): node bench/segment-cpu.js DB-SPEC [RUNS]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SEGMENT_QUERIES } from './segment-search.js';

const here = new URL('.', import.meta.url).pathname;
const { openOrm, parseDbSpec, searchSegments } = await import(join(here, '../dist/src/index.js'));
const { segmentSearchQuery } = await import(join(here, '../dist/src/storage/repositories/segment-search.js'));
const { parseSearchQuery } = await import(join(here, '../dist/src/storage/search/query-syntax.js'));
const { MAX_RANKED_SEGMENTS } = await import(join(here, '../dist/src/storage/search/segment-hit.js'));
const [spec, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 9);
const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ms at 100 ticks a second
};

if (/^postgres(ql)?:/.test(spec)) {
  const client = new pg.Client({ connectionString: spec });
  await client.connect();
  const { rows } = await client.query('select pg_backend_pid() as pid');
  const tables = { transcript: 'transcript', videoTranscript: 'extended_video_transcript', video: 'video' };
  for (const words of SEGMENT_QUERIES) {
    const { sql, params } = segmentSearchQuery({ sqlite: false, quote: (s) => `"${s}"` }, tables, parseSearchQuery(words), { limit: 20, ranked: MAX_RANKED_SEGMENTS });
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    await client.query(text, params);
    const [cpu, wall] = [ticks(rows[0].pid), performance.now()];
    for (let i = 0; i < runs; i++) await client.query(text, params);
    process.stdout.write(`PostgreSQL "${words}": backend CPU ${((ticks(rows[0].pid) - cpu) / runs).toFixed(1)} ms, wall ${((performance.now() - wall) / runs).toFixed(1)} ms per query (mean of ${runs})\n`);
  }
  await client.end();
} else {
  const orm = await openOrm(parseDbSpec(spec), {});
  for (const words of SEGMENT_QUERIES) {
    await searchSegments(orm.em.fork(), words, { limit: 20 });
    const [cpu, wall] = [process.cpuUsage(), performance.now()];
    for (let i = 0; i < runs; i++) await searchSegments(orm.em.fork(), words, { limit: 20 });
    const used = process.cpuUsage(cpu);
    process.stdout.write(`SQLite "${words}": CPU ${((used.user + used.system) / 1000 / runs).toFixed(1)} ms, wall ${((performance.now() - wall) / runs).toFixed(1)} ms per query (mean of ${runs})\n`);
  }
  await orm.close();
}
