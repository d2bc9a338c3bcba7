import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { addExtendedVideos } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';
import { ndjson } from '../helpers/transcript-records.js';

/**
 * Arbitrary valid transcripts and captions, imported and exported again on each database: the
 * export must be the input byte for byte (what goes in comes out).
 */
const RUNS = Number(process.env.AANA_STORE_PROPERTY_RUNS ?? 15);
const VIDEOS = ['pv-1', 'pv-2', 'pv-3'];

/** Text either database can store: no NUL, no lone surrogate. */
const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\r', ',', '\t', '\u2028', ' '), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 20 }).filter((s) => s.isWellFormed() && !s.includes('\0'));
const seconds = fc.double({ min: 0, max: 1e9, noNaN: true }).map((n) => (n === 0 ? 0 : n));
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((n) => (n === 0 ? 0 : n));
const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const interval = fc.tuple(seconds, seconds).map(([x, y]) => ({ start: Math.min(x, y), end: Math.max(x, y) }));
const word = fc.record({ word: text, speaker: fc.option(text), time_interval: interval, alignment_confidence: unit });
const segment = fc.record({ text, time_interval: interval, confidence: fc.option(unit), no_speech_confidence: fc.option(unit), words: fc.array(word, { maxLength: 3 }), speaker: fc.option(text) });
const stamps = fc.tuple(instant, instant);

const transcript = fc
  .record({ media_id: fc.constantFrom(...VIDEOS), model: text, transcript: text, segments: fc.array(segment, { maxLength: 4 }), language: text, language_confidence: unit, stamps })
  .map(({ stamps: [created_at, updated_at], ...record }) => ({ ...record, created_at, updated_at }));
const caption = fc
  .record({ media_id: fc.constantFrom(...VIDEOS), model: text, frame_id: fc.integer({ min: 0, max: 2_147_483_647 }), timestamp: seconds, caption: text, stamps })
  .map(({ stamps: [created_at, updated_at], ...record }) => ({ ...record, created_at, updated_at }));

const available = BACKENDS.filter((b) => b.available);

describe.each(available)('transcript and caption export round-trip arbitrary records on $kind', (backend) => {
  let db: Backend;
  const cli = (args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });
  beforeAll(async () => {
    db = await backend.create();
    expect((await cli(['init', '-q'])).code).toBe(0);
    await addExtendedVideos(db, VIDEOS.map((id) => ({ id, duration: 100 })));
  });
  afterAll(async () => db?.cleanup());

  const empty = async () => {
    for (const table of ['extended_video_transcript', 'transcript', 'extended_video_caption', 'caption']) await db.query(`delete from ${table}`);
  };

  it('transcripts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(transcript, { maxLength: 6 }), async (records) => {
        await empty();
        const input = ndjson(records);
        const imported = await cli(['transcript', 'import', '--on-conflict', 'append'], input);
        expect(imported.code, imported.stderr).toBe(0);
        expect((await cli(['transcript', 'export'])).stdout).toBe(input);
      }),
      { numRuns: RUNS },
    );
  });

  it('captions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caption, { maxLength: 8 }), async (records) => {
        await empty();
        const input = ndjson(records);
        const imported = await cli(['caption', 'import', '--on-conflict', 'append'], input);
        expect(imported.code, imported.stderr).toBe(0);
        expect((await cli(['caption', 'export'])).stdout).toBe(input);
      }),
      { numRuns: RUNS },
    );
  });
});
