// Writes N synthetic videos as NDJSON (title ~40 characters, description ~200), deterministic.
// Usage: node bench/generate.js N > file.ndjson
import { createWriteStream } from 'node:fs';

const WORDS = ['media', 'catalog', 'talk', 'river', 'night', 'summer', 'keynote', 'lecture', 'drone', 'city', 'ocean', 'review', 'demo', 'tutorial', 'music', 'interview'];

function text(seed, length) {
  let out = '';
  let x = seed;
  while (out.length < length) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += `${WORDS[(x >>> 16) % WORDS.length]} `;
  }
  return out.slice(0, length).trim();
}

function hex(n, width) {
  return n.toString(16).padStart(width, '0');
}

/** Record i: a UUID-shaped id, a URL, a title, a description and distinct timestamps. */
export function video(i) {
  const created = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
  return {
    id: `${hex(i, 8)}-0000-4000-8000-${hex(i * 7919, 12).slice(-12)}`,
    url: `https://videos.example.com/${i}.mp4`,
    path: null,
    title: text(i + 1, 40),
    description: text(i * 31 + 7, 200),
    created_at: created,
    updated_at: created,
  };
}

export async function writeNdjson(path, count) {
  const out = path === '-' ? process.stdout : createWriteStream(path);
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += `${JSON.stringify(video(i))}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
      buffer = '';
    }
  }
  out.write(buffer);
  if (out !== process.stdout) await new Promise((resolve) => out.end(resolve));
}

if (import.meta.url === `file://${process.argv[1]}`) await writeNdjson(process.argv[3] ?? '-', Number(process.argv[2] ?? 100000));

/** Aana's ASR output for a talk of `segments` Whisper segments of 3.6 s (2,000 is two hours), ten words each, deterministic. */
export function transcript(segments) {
  const round = (x) => Math.round(x * 1000) / 1000;
  const list = [];
  for (let i = 0; i < segments; i++) {
    const start = i * 3.6;
    const words = text(i * 17 + 3, 60).split(' ').slice(0, 10).map((word, k) => ({ word: ` ${word}`, speaker: null, time_interval: { start: round(start + k * 0.35), end: round(start + (k + 1) * 0.35) }, alignment_confidence: 0.9 }));
    list.push({ text: words.map((w) => w.word).join(''), time_interval: { start: round(start), end: round(start + 3.5) }, confidence: 0.91, no_speech_confidence: 0.02, words, speaker: null });
  }
  return { transcription: { text: list.map((s) => s.text).join('') }, segments: list, transcription_info: { language: 'en', language_confidence: 0.99 } };
}
