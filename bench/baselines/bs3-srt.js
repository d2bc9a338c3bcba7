// Baseline: open the file with better-sqlite3 and print a video's transcript as SubRip. Usage: node bs3-srt.js DB ID
import Database from 'better-sqlite3';

const conn = new Database(process.argv[2], { readonly: true });
const row = conn.prepare('select t.segments from transcript t join extended_video_transcript e on e.id = t.id where e.media_id = ? order by t.id limit 1').get(process.argv[3]);
const time = (seconds) => {
  const ms = Math.round(seconds * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
};
const cues = JSON.parse(row.segments).map((s, i) => `${i + 1}\n${time(s.time_interval.start)} --> ${time(s.time_interval.end)}\n${s.text}\n`);
process.stdout.write(cues.join('\n'));
conn.close();
