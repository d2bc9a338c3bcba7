// Loads T synthetic transcripts of S segments each (default 10,000 × 200 = 2,000,000 segments) into
// an initialised catalog, straight through the database driver in one transaction per 100
// transcripts, so that the database's own triggers build the segment index. Words follow a Zipf-like
// law over a vocabulary of common English words then synthetic ones, so that some query words are in
// a third of all segments and others in a few hundred. Deterministic.
// Usage: node bench/segments.js DB-PATH-OR-POSTGRESQL-URL [T] [S]
import Database from 'libsql';
import pg from 'pg';

const COMMON = 'the and to of a that in it is you we i this so for on was with but be they have like what are not just do know about can there at one all if people as think how or my'.split(' ');
const RARE = ['keynote', 'drone', 'glacier', 'violin', 'harbour', 'satellite', 'lantern', 'meadow', 'quantum', 'saffron'];
const VOCABULARY = [...COMMON, ...Array.from({ length: 20_000 }, (_, i) => (i < RARE.length ? RARE[i] : `word${i}`))];

function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Transcript t: its id, its video's id, its segments as JSON text (Aana's AsrSegment, no words). */
export function transcript(t, segmentsPer) {
  const next = random(t * 2654435761 + 17);
  const segments = [];
  for (let s = 0; s < segmentsPer; s++) {
    const words = [];
    for (let n = 6 + Math.floor(next() * 14); n > 0; n--) words.push(VOCABULARY[Math.floor(Math.exp(next() * Math.log(VOCABULARY.length)) - 1)]);
    segments.push({ text: ` ${words.join(' ')}.`, time_interval: { start: s * 3, end: s * 3 + 2.5 }, confidence: 0.9, no_speech_confidence: 0.01, words: [], speaker: null });
  }
  return { id: t + 1, mediaId: `seg-${String(t).padStart(6, '0')}`, segments: JSON.stringify(segments) };
}

const BATCH = 100;

/** Loads the transcripts; returns the seconds it took. */
export async function loadSegments(target, transcripts = 10_000, segmentsPer = 200) {
  const started = performance.now();
  const pgTarget = /^postgres(ql)?:/.test(target);
  const client = pgTarget ? new pg.Client({ connectionString: target }) : undefined;
  const db = pgTarget ? undefined : new Database(target);
  const run = async (sql, params) => (client ? client.query(sql.replace(/\?/g, () => `$${++run.n}`), params).finally(() => (run.n = 0)) : db.prepare(sql).run(params));
  run.n = 0;
  await client?.connect();
  try {
    for (let first = 0; first < transcripts; first += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, transcripts - first) }, (_, k) => transcript(first + k, segmentsPer));
      const values = (shape) => rows.map(() => shape).join(', ');
      await run('begin');
      await run(`insert into media (id, media_type) values ${values("(?, 'extended_video')")}`, rows.map((r) => r.mediaId));
      await run(`insert into video (id, path, title) values ${values('(?, ?, ?)')}`, rows.flatMap((r) => [r.mediaId, `/v/${r.id}.mp4`, `Talk ${r.id}`]));
      await run(`insert into extended_video (id, duration, status) values ${values("(?, 600, 'COMPLETED')")}`, rows.map((r) => r.mediaId));
      await run(
        `insert into transcript (id, model, transcript, segments, language, language_confidence, transcript_type) values ${values("(?, 'whisper', '', ?, 'en', 0.9, 'extended_video_transcript')")}`,
        rows.flatMap((r) => [r.id, r.segments]),
      );
      await run(`insert into extended_video_transcript (id, media_id) values ${values('(?, ?)')}`, rows.flatMap((r) => [r.id, r.mediaId]));
      await run('commit');
    }
    if (client) await client.query(`select setval('transcript_id_seq', ${transcripts})`);
    if (client) await client.query('analyze');
  } finally {
    await client?.end();
    db?.close();
  }
  return (performance.now() - started) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = await loadSegments(process.argv[2], Number(process.argv[3] ?? 10_000), Number(process.argv[4] ?? 200));
  process.stderr.write(`loaded in ${seconds.toFixed(1)} s\n`);
}
