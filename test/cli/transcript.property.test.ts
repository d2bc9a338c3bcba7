import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cueText } from '../../src/transcripts/cue-blocks.js';
import type { AsrOutput, AsrSegment } from '../../src/transcripts/segments.js';
import { parseSrt } from '../../src/transcripts/srt.js';
import { parseVtt } from '../../src/transcripts/vtt.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { addExtendedVideos } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';

/** Any text both databases store: every code point but NUL and lone surrogates, with the pieces subtitles treat specially. */
const tricky = fc.constantFrom('-->', '<b>', '&amp;', '&', '\n', '\r\n', '\n\n', ' \t', 'WEBVTT', '1', '00:00:01,000 --> 00:00:02,000', 'é', '日本', '🎬', '\u2028', '\u001b');
const text = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), tricky), { maxLength: 5 })
  .map((parts) => parts.join(''))
  .filter((t) => !/\0|\p{Cs}/u.test(t));
/** Seconds: whole milliseconds, and doubles that need rounding; never -0, which JSON cannot say. */
const seconds = fc.oneof(fc.integer({ min: 0, max: 1e12 }).map((ms) => ms / 1000), fc.double({ min: 0, max: 1e9, noNaN: true }).map((x) => x + 0));
const interval = fc.tuple(seconds, seconds).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0);
const speaker = fc.option(text, { nil: null });
const word = fc.record({ word: text, speaker, time_interval: interval, alignment_confidence: unit });
/** Aana's AsrSegment as model_dump() writes it: every key, in Aana's order. */
const segment: fc.Arbitrary<AsrSegment> = fc.record({
  text,
  time_interval: interval,
  confidence: fc.option(unit, { nil: null }),
  no_speech_confidence: fc.option(unit, { nil: null }),
  words: fc.array(word, { maxLength: 3 }),
  speaker,
});
const output: fc.Arbitrary<AsrOutput> = fc.record({
  transcription: fc.record({ text }),
  segments: fc.array(segment, { maxLength: 8 }),
  transcription_info: fc.record({ language: fc.constantFrom('en', 'de', '', 'zh-Hant'), language_confidence: unit }),
});

const ms = (s: number) => Math.round(s * 1000) / 1000;
const cues = (segments: readonly AsrSegment[]) => segments.map((s) => ({ start: s.time_interval.start, end: s.time_interval.end, text: s.text }));

describe.each(BACKENDS)('transcript add then get, for any valid transcript, on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });
    beforeAll(async () => {
      db = await create();
      expect((await cli(['init', '-q'])).code).toBe(0);
      await addExtendedVideos(db, [{ id: 'p', duration: 1e9 }]);
    });
    afterAll(async () => db?.cleanup());

    it('get --format json gives back exactly what went in; SRT and WebVTT carry the same cues', async () => {
      await fc.assert(
        fc.asyncProperty(output, async (given) => {
          const add = await cli(['transcript', 'add', 'p', '--model', 'prop', '--on-conflict', 'update', '--format', 'json', '-'], JSON.stringify(given));
          expect(add.code, add.stderr).toBe(0);
          const json = await cli(['transcript', 'get', 'p', '--format', 'json']);
          expect(JSON.parse(json.stdout)).toEqual(given);
          const written = given.segments.map((s) => ({ start: ms(s.time_interval.start), end: ms(s.time_interval.end), text: cueText(s.text) }));
          expect(cues(parseSrt((await cli(['transcript', 'get', 'p', '--format', 'srt'])).stdout))).toEqual(written);
          expect(cues(parseVtt((await cli(['transcript', 'get', 'p', '--format', 'vtt'])).stdout))).toEqual(written);
          const t = given.transcription.text;
          expect((await cli(['transcript', 'get', 'p'])).stdout).toBe(t === '' || t.endsWith('\n') ? t : `${t}\n`);
        }),
        { numRuns: kind === 'sqlite' ? 25 : 15 },
      );
    });
  });
});
