import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { cueText } from '../../src/transcripts/cue-blocks.js';
import { type AsrSegment, cueSegment } from '../../src/transcripts/segments.js';
import { formatSrt, parseSrt } from '../../src/transcripts/srt.js';
import { formatVtt, parseVtt } from '../../src/transcripts/vtt.js';

/** Pieces that subtitle formats treat specially, mixed into arbitrary Unicode. */
const tricky = fc.constantFrom('-->', '<', '>', '&', '&amp;', '&lt;', '&#65;', '<b>', '</i>', '<v A>', '\n', '\r', '\r\n', '\n\n', ' ', '\t', ' \t\n', '\0', '\u0001', '\u001b', '\u007f', '\u2028', '\uFEFF', 'WEBVTT', 'NOTE', 'STYLE', '12', '00:00:01,000 --> 00:00:02,000', '00:01.000 --> 00:02.000');
const text = fc.array(fc.oneof(fc.string({ unit: 'binary' }), tricky), { maxLength: 8 }).map((parts) => parts.join(''));
/** Any time in range: whole milliseconds, and doubles that need rounding. */
const time = fc.oneof(fc.integer({ min: 0, max: 1e12 }).map((ms) => ms / 1000), fc.double({ min: 0, max: 1e9, noNaN: true }));
const segment = fc.tuple(time, time, text).map(([a, b, t]) => cueSegment(Math.min(a, b), Math.max(a, b), t));
const segments = fc.array(segment, { maxLength: 12 });

/** A text with no line break but LF and no blank line: the texts both formats carry exactly. */
const carriedExactly = (t: string) => !/\r/.test(t) && !/(^|\n)[ \t]*(\n|$)/.test(t);

const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;

function expectSameCues(parsed: AsrSegment[], written: AsrSegment[], textRule: (t: string) => string): void {
  expect(parsed).toHaveLength(written.length);
  parsed.forEach((p, i) => {
    const w = written[i];
    expect(p.time_interval).toEqual({ start: ms(w.time_interval.start), end: ms(w.time_interval.end) });
    expect(p.text).toBe(textRule(w.text));
    if (carriedExactly(w.text) && !w.text.includes('\0')) expect(p.text).toBe(w.text);
  });
}

describe('writing then reading subtitles', () => {
  it('SRT gives back the segments: times to the millisecond, text under the blank-line rule', () => {
    fc.assert(fc.property(segments, (s) => expectSameCues(parseSrt(formatSrt(s)), s, cueText)), { numRuns: 400 });
  });

  it('WebVTT gives back the segments: times to the millisecond, text under the blank-line and NUL rules', () => {
    fc.assert(fc.property(segments, (s) => expectSameCues(parseVtt(formatVtt(s)), s, (t) => cueText(t).replace(/\0/g, '\uFFFD'))), { numRuns: 400 });
  });

  it('never puts --> in WebVTT cue text, nor a blank line inside a cue', () => {
    fc.assert(
      fc.property(segments, (s) => {
        const lines = formatVtt(s).split('\n');
        const arrows = lines.filter((l) => l.includes('-->'));
        expect(arrows).toHaveLength(s.length);
        arrows.forEach((l) => expect(l).toMatch(/^\d{2,}:\d{2}:\d{2}\.\d{3} --> \d{2,}:\d{2}:\d{2}\.\d{3}$/));
        expect(formatSrt(s).split('\n').filter((l) => /^\d{2,}:\d{2}:\d{2},\d{3} --> \d{2,}:\d{2}:\d{2},\d{3}$/.test(l)).length).toBeGreaterThanOrEqual(s.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('reading arbitrary input', () => {
  const fragments = fc.constantFrom('WEBVTT', '1', '00:00:01,000 --> 00:00:02,000', '00:01.000 --> 00:00.500', '99:99:99.999 --> 1', '-->', 'NOTE', 'STYLE', '', ' ', '\r', '&#x110000;', '&#55296;', '<', '\uFEFF');
  const input = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.array(fc.oneof(fragments, fc.string({ unit: 'binary' })), { maxLength: 20 }).map((lines) => lines.join('\n')),
    fc.array(fc.oneof(fragments, fc.string()), { maxLength: 20 }).map((lines) => `WEBVTT\n\n${lines.join('\r\n')}`),
  );

  it.each([
    ['parseSrt', parseSrt],
    ['parseVtt', parseVtt],
  ])('%s returns segments or throws a ValidationError, nothing else', (_, parse) => {
    fc.assert(
      fc.property(input, (i) => {
        try {
          for (const s of parse(i)) expect(s.time_interval.end).toBeGreaterThanOrEqual(s.time_interval.start);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          expect(error.message).toMatch(/^line \d+: /);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
