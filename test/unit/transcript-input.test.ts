import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTranscript, transcriptFormatOf } from '../../src/transcripts/transcript-input.js';
import { validationMessage } from '../helpers/validation-message.js';

const fixture = readFileSync(new URL('../fixtures/transcripts/whisper-output.json', import.meta.url), 'utf8');

describe('transcriptFormatOf', () => {
  it.each<[string | undefined, string, string]>([
    ['talk.JSON', 'anything', 'json'],
    ['talk.srt', '{', 'srt'],
    ['dir.vtt/talk.Vtt', '', 'vtt'],
    [undefined, '\uFEFF \n {"segments": []}', 'json'],
    [undefined, '\uFEFFWEBVTT\r\n\r\n', 'vtt'],
    ['-', 'WEBVTT - title\n', 'vtt'],
    ['talk.txt', 'WEBVTTX\n', 'srt'],
    [undefined, '1\n00:00:01,000 --> 00:00:02,000\nhi\n', 'srt'],
  ])('%j starting %j is %s', (name, text, format) => {
    expect(transcriptFormatOf(name, text)).toBe(format);
  });
});

describe('parseTranscript', () => {
  it('reads JSON (with a BOM), SubRip and WebVTT', () => {
    expect(parseTranscript(`\uFEFF${fixture}`, 'json')).toEqual(JSON.parse(fixture));
    const srt = parseTranscript('1\n00:00:01,000 --> 00:00:02,000\nHello\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nagain\n', 'srt');
    expect(srt.transcription.text).toBe('Hello\nthere\nagain');
    expect(srt.segments.map((s) => s.text)).toEqual(['Hello\nthere', 'again']);
    expect(parseTranscript('WEBVTT\n\n00:01.000 --> 00:02.000\nHi &amp; bye\n', 'vtt').segments[0]).toMatchObject({ text: 'Hi & bye', time_interval: { start: 1, end: 2 } });
  });

  it.each([
    ['{"transcription": {},\n  "segments": [1 2]}', 'line 2: not valid JSON (column 18)'],
    ['{"transcription": {},\r\n  "segments": [', 'line 2: not valid JSON (column 16)'],
    ['', 'line 1: not valid JSON (column 1)'],
    // Where V8's message gives no position, a syntax check finds it.
    ['[1,\n2\n,]', 'line 3: not valid JSON (column 2)'],
    ['{"transcription": {}, "segments": [{"text": "x", "time_interval": {"start": 2, "end": 1}}], "transcription_info": {}}', 'segments[0].time_interval.end: must not be before start (1 < 2)'],
  ])('names where JSON %j is wrong', (text, message) => {
    expect(validationMessage(() => parseTranscript(text, 'json'))).toBe(message);
  });
});
