// Baseline: open the file with better-sqlite3 and print one video. Usage: node bs3-get.js DB ID
import Database from 'better-sqlite3';

const conn = new Database(process.argv[2], { readonly: true });
const row = conn.prepare('select m.id, v.url, v.path, v.title, v.description, m.created_at, m.updated_at from media m join video v on v.id = m.id where m.id = ?').get(process.argv[3]);
process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
conn.close();
