// Baseline: better-sqlite3 iterating the same join (plain and extended videos) and writing the same
// NDJSON to stdout (bench/run.js checks that the two outputs are byte-identical).
// Usage: node bs3-export.js DB
import { writeSync } from 'node:fs';
import Database from 'better-sqlite3';

const conn = new Database(process.argv[2], { readonly: true });
const iso = (text) => `${text.slice(0, 10)}T${text.slice(11, 23)}Z`;
let buffer = '';
for (const r of conn
  .prepare(
    "select m.id, v.url, v.path, v.title, v.description, e.duration, e.status, m.created_at, m.updated_at from media m join video v on v.id = m.id left join extended_video e on e.id = v.id where m.media_type in ('video', 'extended_video') order by m.created_at, m.id",
  )
  .iterate()) {
  const record = { id: r.id, url: r.url, path: r.path, title: r.title, description: r.description, duration: r.duration, status: r.status?.toLowerCase() ?? null };
  buffer += `${JSON.stringify({ ...record, created_at: iso(r.created_at), updated_at: iso(r.updated_at) })}\n`;
  if (buffer.length > 65536) {
    writeSync(1, buffer);
    buffer = '';
  }
}
writeSync(1, buffer);
conn.close();
