// npm run bench: generates its own data, times aana-store against the baselines of issue 3 in the
// same run (median of BENCH_RUNS runs each, interleaved) and prints one Markdown table on stdout.
// Progress goes to stderr. Needs sqlite-utils (Debian package) and, for the PostgreSQL row, psql
// and a server at $AANA_STORE_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { transcript, video, writeNdjson } from './generate.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The baselines' better-sqlite3 may compile from C; it is installed here, into the ignored
 * bench/baselines/node_modules, on the first run, so that `npm ci` never needs a compiler.
 */
function installBaselines() {
  const folder = join(here, 'baselines');
  if (existsSync(join(folder, 'node_modules', 'better-sqlite3'))) return;
  process.stderr.write('installing the baselines (better-sqlite3) into bench/baselines/node_modules\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] });
}
const BIN = resolve(here, '../bin/aana-store.js');
const N = Number(process.env.BENCH_N ?? 100_000);
const EXPORT_N = Number(process.env.BENCH_EXPORT_N ?? 1_000_000);
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const COLD_RUNS = Math.max(RUNS, 9);
/** BENCH_ONLY=sqlite,pg,export,cold,transcript,segments runs only those rows (all by default). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'sqlite,pg,export,cold,transcript,segments').split(',').map((name) => name.trim()));
if (['sqlite', 'export', 'cold', 'transcript'].some((name) => ONLY.has(name))) installBaselines();
const PG_ADMIN = process.env.AANA_STORE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const startLoad = loadavg().map((value) => value.toFixed(1)).join(' ');
const work = mkdtempSync(join(tmpdir(), 'aana-store-bench-'));
const log = (message) => process.stderr.write(`${message}\n`);
const env = { ...process.env, NO_COLOR: '1' };
delete env.AANA_STORE_DB;
delete env.AANA_STORE_CONFIG;

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Runs a command to completion; returns wall seconds. Fails loudly on a non-zero exit. */
function timed(command, args, { stdout = 'ignore', extraEnv = {} } = {}) {
  const out = stdout === 'null' ? openSync('/dev/null', 'w') : 'ignore';
  const started = performance.now();
  const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (typeof out === 'number') closeSync(out);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Alternates ours and the baseline RUNS times, each after its own `prepare`; returns medians. */
function compare(label, runs, ours, baseline) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(ours());
    b.push(baseline());
    log(`  ${label} run ${i + 1}: ours ${a[i].toFixed(3)} s, baseline ${b[i].toFixed(3)} s`);
  }
  return { ours: median(a), baseline: median(b) };
}

async function splitFiles(ndjson) {
  const media = createWriteStream(join(work, 'media.ndjson'));
  const videoNl = createWriteStream(join(work, 'video.ndjson'));
  const mediaCsv = createWriteStream(join(work, 'media.csv'));
  const videoCsv = createWriteStream(join(work, 'video.csv'));
  const text = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
  const csv = (v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  for await (const line of createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity })) {
    const r = JSON.parse(line);
    media.write(`${JSON.stringify({ id: r.id, media_type: 'video', created_at: text(r.created_at), updated_at: text(r.updated_at) })}\n`);
    videoNl.write(`${JSON.stringify({ id: r.id, path: r.path, url: r.url, title: r.title, description: r.description })}\n`);
    mediaCsv.write(`${csv(r.id)},video,${r.created_at},${r.updated_at}\n`);
    videoCsv.write(`${[r.id, r.path, r.url, r.title, r.description].map(csv).join(',')}\n`);
  }
  await Promise.all([media, videoNl, mediaCsv, videoCsv].map((s) => new Promise((ok) => s.end(ok))));
}

function cli(args, options) {
  return timed(process.execPath, [BIN, ...args], options);
}

function freshSqlite(template, name) {
  const path = join(work, name);
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  copyFileSync(template, path);
  // What the last command wrote may still be in the write-ahead log (SQLite checkpoints it at exit
  // only when the command's statements were already garbage-collected).
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${path}-wal`);
  return path;
}

/** The same tables without the search triggers, as the raw baseline writes them. */
function withoutSearch(path) {
  const db = new Database(path);
  for (const { name } of db.prepare("select name from sqlite_master where type = 'trigger'").all()) db.exec(`drop trigger "${name}"`);
  db.close();
  return path;
}

function psql(args, database = 'postgres') {
  const url = new URL(PG_ADMIN);
  url.pathname = `/${database}`;
  return execFileSync('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-q', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function pgUrl(database) {
  const url = new URL(PG_ADMIN);
  url.pathname = `/${database}`;
  return url.toString();
}

const rows = [];
function row(what, baselineName, result, target, limit, note = '') {
  const ratio = result.ours / result.baseline;
  rows.push({ what, baselineName, ours: result.ours, baseline: result.baseline, ratio, target, met: ratio <= limit, note });
}

try {
  if (!has('sqlite-utils')) throw new Error('sqlite-utils is missing: apt-get install sqlite-utils');
  const data = join(work, 'videos.ndjson');
  log(`generating ${N} videos in ${work}`);
  await writeNdjson(data, N);
  await splitFiles(data);
  const template = join(work, 'template.db');
  cli(['--db', template, 'init', '-q']);

  if (ONLY.has('sqlite')) {
    log('import NDJSON into SQLite');
    const bs3 = compare(
      'sqlite import vs better-sqlite3',
      RUNS,
      () => cli(['--db', freshSqlite(template, 'ours.db'), 'video', 'import', data, '-q']),
      () => timed(process.execPath, [join(here, 'baselines/bs3-import.js'), withoutSearch(freshSqlite(template, 'base.db')), data]),
    );
    row(`import ${N} NDJSON into SQLite`, 'better-sqlite3 12 prepared statements, one transaction, into media/video **without** search triggers', bs3, '≤ 1.6× (search index included on our side)', 1.6);
    const sqliteUtils = compare(
      'sqlite import vs sqlite-utils',
      RUNS,
      () => cli(['--db', freshSqlite(template, 'ours.db'), 'video', 'import', data, '-q']),
      () => {
        const db = freshSqlite(template, 'base.db');
        return timed('sqlite-utils', ['insert', db, 'media', join(work, 'media.ndjson'), '--nl']) + timed('sqlite-utils', ['insert', db, 'video', join(work, 'video.ndjson'), '--nl']);
      },
    );
    row(`import ${N} NDJSON into SQLite`, '`sqlite-utils insert … --nl` into media, then video', sqliteUtils, '≤ 0.4× (≥ 2.5× faster)', 0.4);
  }

  let pgOk = ONLY.has('pg') && has('psql');
  try {
    if (pgOk) psql(['-c', 'select 1']);
  } catch {
    pgOk = false;
  }
  if (pgOk) {
    log('import NDJSON into PostgreSQL');
    let counter = 0;
    const freshPg = () => {
      const name = `aana_store_bench_${process.pid}_${++counter}`;
      psql(['-c', `drop database if exists ${name}`, '-c', `create database ${name}`]);
      cli(['--db', pgUrl(name), 'init', '-q']);
      return name;
    };
    const dropAll = () => {
      for (let i = 1; i <= counter; i++) psql(['-c', `drop database if exists aana_store_bench_${process.pid}_${i} with (force)`]);
    };
    try {
      const pg = compare(
        'postgresql import vs psql \\copy',
        RUNS,
        () => cli(['--db', pgUrl(freshPg()), 'video', 'import', data, '-q']),
        () => {
          const name = freshPg();
          return timed('psql', [
            pgUrl(name), '-q', '-1', '-v', 'ON_ERROR_STOP=1',
            '-c', `\\copy media (id, media_type, created_at, updated_at) from '${join(work, 'media.csv')}' csv`,
            '-c', `\\copy video (id, path, url, title, description) from '${join(work, 'video.csv')}' csv`,
          ]);
        },
      );
      row(`import ${N} NDJSON into PostgreSQL`, '`psql -1` with `\\copy` of the same rows as CSV into both tables (search triggers in place)', pg, '≤ 1.2×', 1.2);
    } finally {
      dropAll();
    }
  } else if (ONLY.has('pg')) {
    log('PostgreSQL not reachable: its row is left out');
  }

  if (ONLY.has('export')) {
    log(`export ${EXPORT_N} videos from SQLite`);
    const big = join(work, 'big.db');
    copyFileSync(template, big);
    const bigData = join(work, 'big.ndjson');
    await writeNdjson(bigData, EXPORT_N);
    cli(['--db', big, 'video', 'import', bigData, '-q']);
    rmSync(bigData);
    // Each output goes to a file, not through this process: a big parent would inflate the children's
    // peak RSS, which Linux carries across fork and exec.
    const [oursOut, baseOut] = [join(work, 'ours.ndjson'), join(work, 'base.ndjson')];
    for (const [args, file] of [[[BIN, '--db', big, 'video', 'export'], oursOut], [[join(here, 'baselines/bs3-export.js'), big], baseOut]]) {
      const fd = openSync(file, 'w');
      const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', fd, 'inherit'] });
      closeSync(fd);
      if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status})`);
    }
    if (spawnSync('cmp', ['-s', oursOut, baseOut]).status !== 0) throw new Error('video export and the better-sqlite3 export baseline wrote different NDJSON');
    rmSync(oursOut);
    rmSync(baseOut);
    const rssFile = join(work, 'rss.txt');
    const peaks = [];
    const exp = compare(
      'export vs better-sqlite3 iterate',
      RUNS,
      () => {
        const seconds = timed(process.execPath, ['--require', join(here, 'baselines/peak-rss.cjs'), BIN, '--db', big, 'video', 'export'], { stdout: 'null', extraEnv: { PEAK_RSS_FILE: rssFile } });
        peaks.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
        return seconds;
      },
      () => timed(process.execPath, [join(here, 'baselines/bs3-export.js'), big], { stdout: 'null' }),
    );
    const peak = Math.max(...peaks);
    row(`export ${EXPORT_N} videos from SQLite as NDJSON`, 'better-sqlite3 `.iterate()` of the same join, writing NDJSON', exp, '≤ 1.2×, peak RSS < 130 MB', 1.2, `peak RSS ${peak.toFixed(0)} MB`);
    if (peak >= 130) rows[rows.length - 1].met = false;
  }

  if (ONLY.has('cold')) {
    const db = freshSqlite(template, 'cold.db');
    cli(['--db', db, 'video', 'import', data, '-q']);
    const id = video(Math.floor(N / 2)).id;
    log('cold video get');
    const get = compare(
      'cold get',
      COLD_RUNS,
      () => cli(['--db', db, 'video', 'get', id]),
      () => timed(process.execPath, [join(here, 'baselines/bs3-get.js'), db, id]),
    );
    row('cold `video get ID` (whole process)', 'Node script opening the file with better-sqlite3, printing the row', get, '≤ 1.5×', 1.5);
    log('cold video list --limit 20');
    const list = compare(
      'cold list',
      COLD_RUNS,
      () => cli(['--db', db, 'video', 'list', '--limit', '20', '--format', 'ndjson']),
      () =>
        timed('sqlite-utils', [
          'query', db,
          "select m.id, v.url, v.path, v.title, v.description, m.created_at, m.updated_at from media m join video v on v.id = m.id where m.media_type = 'video' order by m.created_at, m.id limit 20",
        ]),
    );
    row('cold `video list --limit 20`', '`sqlite-utils query` of the same 20 rows', list, '≤ 1.0×', 1.0);
    log('200 video add in a bash loop');
    const loop = compare(
      '200 adds',
      RUNS,
      () => timed('bash', ['-c', 'for i in $(seq 200); do node "$0" --db "$1" video add --url "https://example.com/$i.mp4" --title "Talk $i" >/dev/null || exit 1; done', BIN, freshSqlite(template, 'loop.db')]),
      () => timed('bash', ['-c', `for i in $(seq 200); do echo '{"id":"'$i'","url":"https://example.com/'$i'.mp4","title":"Talk '$i'"}' | sqlite-utils insert "$0" video - || exit 1; done`, freshSqlite(template, 'loop-base.db')]),
    );
    row('200 `video add` in a bash loop', 'the same loop with `sqlite-utils insert` of one row each', loop, '≤ 0.5× (≥ 2× faster)', 0.5);
    log('--version');
    const version = compare(
      '--version',
      COLD_RUNS,
      () => cli(['--version']),
      () => timed(process.execPath, ['-e', '0']),
    );
    row('`aana-store --version`', '`node -e 0`', version, '≤ 1.3×', 1.3);
  }

  if (ONLY.has('transcript')) {
    log('cold transcript get --format srt of a 2-hour transcript');
    const talk = freshSqlite(template, 'transcript.db');
    cli(['--db', talk, '-q', 'video', 'add', '--id', 'talk', '--path', '/videos/talk.mp4', '--duration', '7200'], { stdout: 'null' });
    writeFileSync(join(work, 'talk.json'), JSON.stringify(transcript(2000)));
    cli(['--db', talk, '-q', 'transcript', 'add', 'talk', '--model', 'whisper', join(work, 'talk.json')]);
    const srt = compare(
      'cold transcript srt',
      COLD_RUNS,
      () => cli(['--db', talk, 'transcript', 'get', 'talk', '--format', 'srt'], { stdout: 'null' }),
      () => timed(process.execPath, [join(here, 'baselines/bs3-srt.js'), talk, 'talk'], { stdout: 'null' }),
    );
    row('cold `transcript get ID --format srt`, 2 hours (2,000 segments)', 'Node script reading the row with better-sqlite3 and printing SRT', srt, '< 0.300 s whole process', Number.POSITIVE_INFINITY);
    rows[rows.length - 1].met = srt.ours < 0.3;
  }

  if (ONLY.has('segments')) {
    const { segmentSearchRows } = await import('./segment-search.js');
    const name = `aana_store_bench_${process.pid}_segments`;
    let pgReady = has('psql');
    try {
      if (pgReady) psql(['-c', 'select 1']);
    } catch {
      pgReady = false;
    }
    const freshPg = () => {
      psql(['-c', `drop database if exists ${name}`, '-c', `create database ${name}`]);
      cli(['--db', pgUrl(name), 'init', '-q']);
      return name;
    };
    try {
      rows.push(...(await segmentSearchRows({ template, work, runs: COLD_RUNS, log, freshPg: pgReady ? freshPg : undefined, pgUrl })));
    } finally {
      if (pgReady) psql(['-c', `drop database if exists ${name} with (force)`]);
    }
  }

  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${RUNS} runs per import/export figure, ${COLD_RUNS} per cold start, medians of whole-process wall time; load average at the end ${load} (at the start ${startLoad})`;
  const out = [
    `Machine: ${machine}`,
    '',
    '| what | baseline (same run) | aana-store | baseline | ratio | target | met |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.baselineName} | ${r.ours.toFixed(3)} s | ${r.baseline.toFixed(3)} s | ${r.ratio.toFixed(2)}× | ${r.target} | ${r.met ? 'yes' : 'no'}${r.note ? ` (${r.note})` : ''} |`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
