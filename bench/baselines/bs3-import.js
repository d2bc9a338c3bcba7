// Baseline: a plain Node script inserting the same media and video rows with better-sqlite3
// prepared statements in one transaction. Usage: node bs3-import.js DB FILE.ndjson
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const [db, file] = process.argv.slice(2);
const conn = new Database(db);
const media = conn.prepare("insert into media (id, media_type, created_at, updated_at) values (?, 'video', ?, ?)");
const video = conn.prepare('insert into video (id, path, url, title, description) values (?, ?, ?, ?, ?)');
const text = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
conn.exec('begin');
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (!line) continue;
  const r = JSON.parse(line);
  media.run(r.id, text(r.created_at), text(r.updated_at));
  video.run(r.id, r.path, r.url, r.title, r.description);
}
conn.exec('commit');
conn.close();
