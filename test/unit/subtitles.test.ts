import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAsrOutput } from '../../src/transcripts/asr-json.js';
import { cueText } from '../../src/transcripts/cue-blocks.js';
import { cueSegment, outputFromCues } from '../../src/transcripts/segments.js';
import { formatSrt, parseSrt } from '../../src/transcripts/srt.js';
import { formatTimestamp } from '../../src/transcripts/timestamps.js';
import { formatVtt, parseVtt, vttText } from '../../src/transcripts/vtt.js';
import { validationMessage } from '../helpers/validation-message.js';

const whisper = validateAsrOutput(JSON.parse(readFileSync(new URL('../fixtures/transcripts/whisper-output.json', import.meta.url), 'utf8')));

/** Start, end and text of each segment: what a cue says. */
const cues = (segments: { text: string; time_interval: { start: number; end: number } }[]) => segments.map((s) => [s.time_interval.start, s.time_interval.end, s.text]);

describe('Whisper output as subtitles', () => {
  it('writes SubRip a player accepts', () => {
    expect(formatSrt(whisper.segments)).toBe(
      [
        '1\n00:00:00,000 --> 00:00:02,480\n Welcome back to the physics lab.\n',
        "2\n00:00:02,480 --> 00:00:06,013\n Today: Tom & Jerry's <experiment>, part 1 --> 2.\n",
        "3\n01:02:05,100 --> 01:02:06,999\n Let's go!\n",
      ].join('\n'),
    );
  });

  it('writes WebVTT with the cue text escaped', () => {
    expect(formatVtt(whisper.segments)).toBe(
      [
        'WEBVTT\n',
        '1\n00:00:00.000 --> 00:00:02.480\n Welcome back to the physics lab.\n',
        "2\n00:00:02.480 --> 00:00:06.013\n Today: Tom &amp; Jerry's &lt;experiment&gt;, part 1 --&gt; 2.\n",
        "3\n01:02:05.100 --> 01:02:06.999\n Let's go!\n",
      ].join('\n'),
    );
  });

  it('reads back the same cues from both', () => {
    expect(cues(parseSrt(formatSrt(whisper.segments)))).toEqual(cues(whisper.segments));
    expect(cues(parseVtt(formatVtt(whisper.segments)))).toEqual(cues(whisper.segments));
  });

  it('gives cues the fields a subtitle file cannot carry as Aana leaves them unset', () => {
    expect(parseSrt('1\n00:00:01,000 --> 00:00:02,000\nhi\n')).toEqual([{ text: 'hi', time_interval: { start: 1, end: 2 }, confidence: null, no_speech_confidence: null, words: [], speaker: null }]);
    expect(outputFromCues([cueSegment(0, 1, 'a'), cueSegment(1, 2, 'b\nc')])).toMatchObject({ transcription: { text: 'a\nb\nc' }, transcription_info: { language: '', language_confidence: 0 } });
  });
});

describe('timestamps', () => {
  it.each([
    [0, '00:00:00,000'],
    [0.0004, '00:00:00,000'],
    [0.0005, '00:00:00,001'],
    [59.9996, '00:01:00,000'],
    [3599.9995, '01:00:00,000'],
    [360000.25, '100:00:00,250'],
  ])('rounds %d seconds to whole milliseconds: %s', (seconds, text) => {
    expect(formatTimestamp(seconds, ',')).toBe(text);
    expect(formatTimestamp(seconds, '.')).toBe(text.replace(',', '.'));
  });
});

describe('parseSrt', () => {
  it('reads a BOM, CRLF, multi-line cues, missing numbers and sloppy blank lines', () => {
    const input = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nFirst line\r\n  second line \r\n\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000 X1:10 X2:20 Y1:5 Y2:9\r\n<i>Tags</i> {\\an8}kept\r\n \t\r\n00:00:05.000-->00:00:06.000\r\n-- not a timing\r\n';
    expect(cues(parseSrt(input))).toEqual([
      [1, 2.5, 'First line\n  second line '],
      [3, 4, '<i>Tags</i> {\\an8}kept'],
      [5, 6, '-- not a timing'],
    ]);
  });

  it('reads lone CR line ends, a cue without text, and no final line break', () => {
    expect(cues(parseSrt('1\r00:00:01,000 --> 00:00:01,000\r\r2\r00:00:02,000 --> 00:00:03,000\rlast'))).toEqual([
      [1, 1, ''],
      [2, 3, 'last'],
    ]);
    expect(parseSrt('')).toEqual([]);
    expect(parseSrt('\uFEFF\n\n')).toEqual([]);
  });

  it.each([
    ['1\n00:00:01,000 --> 00:00:00,500\nx\n', 'line 2: cue ends before it starts (0.5 < 1 seconds)'],
    ['1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:61,000 --> 00:01:02,000\nx\n', 'line 6: malformed timestamp "00:00:61,000" (minutes and seconds must be below 60)'],
    ['1\n00:00:1,000 --> 00:00:02,000\n', 'line 2: malformed timestamp "00:00:1,000" (expected HH:MM:SS,mmm)'],
    ['1\n00:01,000 --> 00:02,000\n', 'line 2: malformed timestamp "00:01,000" (expected HH:MM:SS,mmm)'],
    ['1\n-00:00:01,000 --> 00:00:02,000\n', 'line 2: malformed timestamp "-00:00:01,000" (expected HH:MM:SS,mmm)'],
    ['1\n00:00:01,000 --> \n', 'line 2: malformed timestamp "" (expected HH:MM:SS,mmm)'],
    ['1\n00:00:01,000\nx\n', 'line 2: expected a cue timing (00:00:01,000 --> 00:00:02,000) after the cue number'],
    ['\n\n7\n', 'line 3: a cue number without a cue timing after it'],
    ['hello\n00:00:01,000 --> 00:00:02,000\n', 'line 1: expected a cue number or a cue timing'],
    ['1\n999999999:00:00,000 --> 999999999:00:00,001\n', 'line 2: timestamp "999999999:00:00,000" is beyond 1000000000 seconds'],
  ])('names the line at fault in %j', (input, message) => {
    expect(validationMessage(() => parseSrt(input))).toBe(message);
  });
});

describe('parseVtt', () => {
  it('skips headers, NOTE, STYLE and REGION blocks; reads identifiers, settings and MM:SS.mmm', () => {
    const input = [
      '\uFEFFWEBVTT - a title',
      'Kind: captions',
      'Language: en',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'STYLE',
      '::cue { color: red }',
      '',
      'NOTE a comment',
      'over two lines',
      '',
      'intro',
      '00:01.000 --> 00:02.500 align:start position:10%',
      '<v Roger Bingham>We are in <i>New York</i>',
      '&lt;3 &amp;&amp; &gt; &nbsp;&lrm;&rlm; &#65;&#x42; &unknown; &#0; & alone',
      '',
      '00:00:03.000 --> 00:00:04.000',
      'one',
      '00:00:04.000 --> 00:00:05.000',
      'two <00:00:04.500>timed',
      '',
      'NOTE',
      '',
    ].join('\r\n');
    expect(cues(parseVtt(input))).toEqual([
      [1, 2.5, 'We are in New York\n<3 && > \u00A0\u200E\u200F AB &unknown; &#0; & alone'],
      [3, 4, 'one'],
      [4, 5, 'two timed'],
    ]);
  });

  it('reads a cue that follows the header without a blank line, and an empty file', () => {
    expect(cues(parseVtt('WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi'))).toEqual([[1, 2, 'hi']]);
    expect(parseVtt('WEBVTT\n')).toEqual([]);
    expect(parseVtt('WEBVTT')).toEqual([]);
  });

  it.each([
    ['', 'line 1: a WebVTT file begins with "WEBVTT"'],
    ['\nWEBVTT\n', 'line 1: a WebVTT file begins with "WEBVTT"'],
    ['WEBVTTX\n', 'line 1: a WebVTT file begins with "WEBVTT"'],
    ['1\n00:00:01,000 --> 00:00:02,000\n', 'line 1: a WebVTT file begins with "WEBVTT"'],
    ['WEBVTT\n\nid\ntext\n', 'line 4: expected a cue timing (00:00:01.000 --> 00:00:02.000)'],
    ['WEBVTT\n\njust text\n', 'line 3: expected a cue timing (00:00:01.000 --> 00:00:02.000)'],
    ['WEBVTT\n\n00:02.000 --> 00:01.000\n', 'line 3: cue ends before it starts (1 < 2 seconds)'],
    ['WEBVTT\n\n1\n00:00:01.000 --> 1.000\n', 'line 4: malformed timestamp "1.000" (expected HH:MM:SS.mmm or MM:SS.mmm)'],
  ])('names the line at fault in %j', (input, message) => {
    expect(validationMessage(() => parseVtt(input))).toBe(message);
  });

  it('takes a line with -->, and only such a line, as the start of a new cue', () => {
    expect(cues(parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\nok\n00:03.000 -> 00:04.000\n00:05.000 --> 00:06.000\nnext'))).toEqual([
      [1, 2, 'ok\n00:03.000 -> 00:04.000'],
      [5, 6, 'next'],
    ]);
  });
});

describe('what a format cannot carry', () => {
  it('drops blank lines from cue text, in both formats, and makes every line break LF', () => {
    expect(cueText('\nfirst\r\n\r\n \t\nsecond\rthird\n\n')).toBe('first\nsecond\nthird');
    const segment = cueSegment(1, 2, '\nfirst\r\n\r\n \t\nsecond\rthird\n\n');
    expect(formatSrt([segment])).toBe('1\n00:00:01,000 --> 00:00:02,000\nfirst\nsecond\nthird\n');
    expect(parseSrt(formatSrt([segment]))[0].text).toBe('first\nsecond\nthird');
    expect(parseVtt(formatVtt([segment]))[0].text).toBe('first\nsecond\nthird');
  });

  it('writes an empty cue for text that is only blank lines', () => {
    const segments = [cueSegment(0, 1, '\n \n'), cueSegment(1, 2, 'next')];
    expect(formatSrt(segments)).toBe('1\n00:00:00,000 --> 00:00:01,000\n\n2\n00:00:01,000 --> 00:00:02,000\nnext\n');
    expect(cues(parseSrt(formatSrt(segments)))).toEqual([
      [0, 1, ''],
      [1, 2, 'next'],
    ]);
    expect(cues(parseVtt(formatVtt(segments)))).toEqual(cues(parseSrt(formatSrt(segments))));
  });

  it('writes NUL into WebVTT as the U+FFFD every WebVTT parser reads it as', () => {
    expect(vttText('a\0b')).toBe('a\uFFFDb');
    expect(formatVtt([cueSegment(0, 1, 'a\0b')])).toContain('\na\uFFFDb\n');
    expect(parseSrt(formatSrt([cueSegment(0, 1, 'a\0b')]))[0].text).toBe('a\0b');
  });
});
