import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { validateAsrOutput, validateSegments } from '../../src/transcripts/asr-json.js';
import { validationMessage } from '../helpers/validation-message.js';

const fixture = readFileSync(new URL('../fixtures/transcripts/whisper-output.json', import.meta.url), 'utf8');

// Edits write values of the wrong type on purpose, which only an untyped value lets them do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = any;

/** The fixture with one change made by `edit`, as untrusted JSON. */
function edited(edit: (json: Untyped) => void): unknown {
  const json = JSON.parse(fixture);
  edit(json);
  return json;
}

describe('validateAsrOutput', () => {
  it("keeps a Whisper output whole, keys in Aana's model_dump order", () => {
    const output = validateAsrOutput(JSON.parse(fixture));
    expect(JSON.stringify(output)).toBe(JSON.stringify(JSON.parse(fixture)));
    expect(output.segments[1].words[4]).toEqual({ word: ' <experiment>,', speaker: null, time_interval: { start: 3.9, end: 4.7 }, alignment_confidence: 0.61 });
  });

  it("fills Aana's defaults for what may be absent", () => {
    const output = validateAsrOutput({ transcription: {}, segments: [{ text: 'hi', time_interval: { start: 1, end: 1 } }], transcription_info: {} });
    expect(output).toEqual({
      transcription: { text: '' },
      segments: [{ text: 'hi', time_interval: { start: 1, end: 1 }, confidence: null, no_speech_confidence: null, words: [], speaker: null }],
      transcription_info: { language: '', language_confidence: 0 },
    });
    expect(Object.keys(output.segments[0])).toEqual(['text', 'time_interval', 'confidence', 'no_speech_confidence', 'words', 'speaker']);
  });

  it('keeps speakers, and accepts the bounds 0 and 1', () => {
    const json = edited((j) => {
      j.segments[0].speaker = 'SPEAKER_00';
      j.segments[0].words[0].speaker = 'SPEAKER_00';
      j.segments[0].confidence = 1;
      j.segments[0].no_speech_confidence = 0;
      j.transcription_info.language_confidence = 1;
    });
    const output = validateAsrOutput(json);
    expect(output.segments[0].speaker).toBe('SPEAKER_00');
    expect(output.segments[0].words[0].speaker).toBe('SPEAKER_00');
    expect(output.segments[0].confidence).toBe(1);
  });

  it.each<[string, (j: Untyped) => void, string]>([
    ['a negative start', (j) => (j.segments[2].time_interval.start = -0.5), 'segments[2].time_interval.start: must not be negative, got -0.5'],
    ['an end before the start', (j) => (j.segments[1].time_interval.end = 1), 'segments[1].time_interval.end: must not be before start (1 < 2.48)'],
    ['a confidence of 1.5', (j) => (j.segments[0].confidence = 1.5), 'segments[0].confidence: must be between 0 and 1, got 1.5'],
    ['a negative no-speech confidence', (j) => (j.segments[0].no_speech_confidence = -0.1), 'segments[0].no_speech_confidence: must be between 0 and 1, got -0.1'],
    ['a word confidence over 1', (j) => (j.segments[1].words[3].alignment_confidence = 2), 'segments[1].words[3].alignment_confidence: must be between 0 and 1, got 2'],
    ['a word without confidence', (j) => delete j.segments[1].words[3].alignment_confidence, 'segments[1].words[3].alignment_confidence: is required'],
    ['a word end before its start', (j) => (j.segments[0].words[1].time_interval.end = 0.1), 'segments[0].words[1].time_interval.end: must not be before start (0.1 < 0.52)'],
    ['a language confidence of 1.5', (j) => (j.transcription_info.language_confidence = 1.5), 'transcription_info.language_confidence: must be between 0 and 1, got 1.5'],
    ['a time as a string', (j) => (j.segments[0].time_interval.end = '2.48'), 'segments[0].time_interval.end: must be a number, got a string'],
    ['a time as a boolean', (j) => (j.segments[0].time_interval.start = true), 'segments[0].time_interval.start: must be a number, got boolean'],
    ['a null time', (j) => (j.segments[0].time_interval.start = null), 'segments[0].time_interval.start: must be a number, got null'],
    ['a time too late', (j) => (j.segments[0].time_interval.end = 2e9), 'segments[0].time_interval.end: must be at most 1000000000 seconds, got 2000000000'],
    ['a missing time interval', (j) => delete j.segments[0].time_interval, 'segments[0].time_interval: is required'],
    ['a missing segment text', (j) => delete j.segments[1].text, 'segments[1].text: is required'],
    ['a null segment text', (j) => (j.segments[1].text = null), 'segments[1].text: is required'],
    ['a number as text', (j) => (j.segments[1].text = 5), 'segments[1].text: must be a string, got number'],
    ['a word that is not text', (j) => (j.segments[0].words[2].word = ['to']), 'segments[0].words[2].word: must be a string, got an array'],
    ['NUL in a text', (j) => (j.segments[0].text = 'a\0b'), 'segments[0].text: must not contain NUL (at character 2)'],
    ['a lone surrogate', (j) => (j.transcription.text = 'x\ud800'), 'transcription.text: must not contain a lone surrogate (at character 2)'],
    ['a speaker that is not text', (j) => (j.segments[0].speaker = 1), 'segments[0].speaker: must be a string, got number'],
    ['null words', (j) => (j.segments[0].words = null), 'segments[0].words: must be an array, got null'],
    ['segments not a list', (j) => (j.segments = {}), 'segments: must be an array, got object'],
    ['a segment not an object', (j) => (j.segments[2] = 'hello'), 'segments[2]: must be an object, got a string'],
    ['an unknown segment field', (j) => (j.segments[0].no_speech_prob = 0.1), 'segments[0].no_speech_prob: unknown field (expected text, time_interval, confidence, no_speech_confidence, words, speaker)'],
    ['an unknown word field', (j) => (j.segments[0].words[0].probability = 0.1), 'segments[0].words[0].probability: unknown field (expected word, speaker, time_interval, alignment_confidence)'],
    ['an unknown interval field', (j) => (j.segments[0].time_interval.duration = 1), 'segments[0].time_interval.duration: unknown field (expected start, end)'],
    ['an unknown top-level field', (j) => (j.model = 'whisper'), 'model: unknown field (expected transcription, segments, transcription_info)'],
    ['no segments', (j) => delete j.segments, 'segments: is required'],
    ['no transcription', (j) => delete j.transcription, 'transcription: is required'],
    ['no transcription info', (j) => delete j.transcription_info, 'transcription_info: is required'],
    ['a language that is not text', (j) => (j.transcription_info.language = null), 'transcription_info.language: is required'],
  ])('refuses %s, naming the field', (_, edit, message) => {
    const json = edited(edit);
    expect(validationMessage(() => validateAsrOutput(json))).toBe(message);
  });

  it('refuses input that is not an object', () => {
    expect(() => validateAsrOutput([])).toThrow(/^input: must be an object, got an array$/);
    expect(() => validateAsrOutput(null)).toThrow(/^input: must be an object, got null$/);
  });

  it('names the path it is given for a bare list of segments', () => {
    expect(() => validateSegments([{ text: '', time_interval: { start: 2, end: 1 } }], 'record.segments')).toThrow(/^record\.segments\[0\]\.time_interval\.end: must not be before start/);
  });

  it('throws nothing but ValidationError on arbitrary JSON', () => {
    const segmentish = fc.record({ text: fc.jsonValue(), time_interval: fc.oneof(fc.jsonValue(), fc.record({ start: fc.jsonValue(), end: fc.jsonValue() })), words: fc.array(fc.jsonValue()) }, { requiredKeys: [] });
    const outputish = fc.record({ transcription: fc.jsonValue(), segments: fc.oneof(fc.jsonValue(), fc.array(segmentish)), transcription_info: fc.jsonValue() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), outputish), (value) => {
        try {
          validateAsrOutput(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
