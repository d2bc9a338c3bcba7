import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { tempDir } from '../helpers/cli.js';
import { addExtendedVideos, transcriptSnapshot } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';
import { snapshot } from '../helpers/snapshot.js';

interface Case {
  name: string;
  args: string[];
  /** stdin; or a file to write first, named `file` (its path replaces `$FILE` in args). */
  input?: string | Buffer;
  file?: { name: string; text: string | Buffer };
  code: number;
  stderr: RegExp;
}

const segment = (start: number, end: number, extra: Record<string, unknown> = {}) => ({ text: ' hi', time_interval: { start, end }, ...extra });
const asr = (segments: unknown[], info: Record<string, unknown> = { language: 'en', language_confidence: 0.9 }) => JSON.stringify({ transcription: { text: ' hi' }, segments, transcription_info: info }, null, 2);
const add = (...more: string[]) => ['transcript', 'add', 'ev', '--model', 'm', ...more];

const CASES: Case[] = [
  { name: 'JSON: negative start', args: add(), input: asr([segment(0, 1), segment(-1, 2)]), code: 2, stderr: /^error: segments\[1\]\.time_interval\.start: must not be negative, got -1$/ },
  { name: 'JSON: end before start', args: add(), input: asr([segment(5, 4)]), code: 2, stderr: /^error: segments\[0\]\.time_interval\.end: must not be before start \(4 < 5\)$/ },
  { name: 'JSON: confidence 1.5', args: add(), input: asr([segment(0, 1, { confidence: 1.5 })]), code: 2, stderr: /^error: segments\[0\]\.confidence: must be between 0 and 1, got 1\.5$/ },
  { name: 'JSON: language_confidence 1.5', args: add(), input: asr([], { language: 'en', language_confidence: 1.5 }), code: 2, stderr: /^error: transcription_info\.language_confidence: must be between 0 and 1, got 1\.5$/ },
  { name: 'JSON: a word with a string time', args: add(), input: asr([segment(0, 1, { words: [{ word: 'hi', time_interval: { start: '0', end: 1 }, alignment_confidence: 1 }] })]), code: 2, stderr: /^error: segments\[0\]\.words\[0\]\.time_interval\.start: must be a number, got a string$/ },
  { name: 'JSON: an unknown field', args: add(), input: asr([segment(0, 1, { no_speech_prob: 0.1 })]), code: 2, stderr: /^error: segments\[0\]\.no_speech_prob: unknown field/ },
  { name: 'JSON: NUL in a text', args: add(), input: asr([{ ...segment(0, 1), text: 'a\u0000b' }]), code: 2, stderr: /^error: segments\[0\]\.text: must not contain NUL/ },
  { name: 'JSON: malformed, the line named', args: add(), input: '{\n  "transcription": {"text": "x"},\n  "segments": [,]\n}\n', code: 2, stderr: /^error: line 3: not valid JSON \(column \d+\)$/ },
  { name: 'JSON: cut short', args: add(), input: '{"transcription": {"text": "x"},\n"segments": [', code: 2, stderr: /^error: line 2: not valid JSON/ },
  { name: 'JSON: segments missing', args: add(), input: '{"transcription": {"text": "x"}, "transcription_info": {}}', code: 2, stderr: /^error: segments: is required$/ },
  { name: 'SRT: malformed timestamp', args: add(), input: '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03.5 --> 00:00:04,000\nbad\n', code: 2, stderr: /^error: line 6: malformed timestamp "00:00:03\.5"/ },
  { name: 'SRT: a cue that ends before it starts', args: add(), input: '1\n00:00:05,000 --> 00:00:04,000\nback\n', code: 2, stderr: /^error: line 2: cue ends before it starts/ },
  { name: 'SRT: minutes past 59', args: add('$FILE'), file: { name: 'bad.srt', text: '1\r\n00:61:00,000 --> 00:62:00,000\r\nx\r\n' }, code: 2, stderr: /^error: line 2: malformed timestamp "00:61:00,000" \(minutes and seconds must be below 60\)$/ },
  { name: 'SRT: a cue number with no timing', args: add('$FILE'), file: { name: 'bad.srt', text: '1\nhello\n' }, code: 2, stderr: /^error: line 2: expected a cue timing/ },
  { name: 'VTT: no WEBVTT header', args: add('$FILE'), file: { name: 'bad.vtt', text: '00:01.000 --> 00:02.000\nhi\n' }, code: 2, stderr: /^error: line 1: a WebVTT file begins with "WEBVTT"$/ },
  { name: 'VTT: a negative time', args: add('$FILE'), file: { name: 'bad.vtt', text: 'WEBVTT\n\n-00:01.000 --> 00:02.000\nhi\n' }, code: 2, stderr: /^error: line 3: malformed timestamp "-00:01\.000"/ },
  { name: '--format json for SubRip', args: add('--format', 'json'), input: '1\n00:00:01,000 --> 00:00:02,000\nhi\n', code: 2, stderr: /^error: line 2: not valid JSON \(column 1\)$/ },
  { name: 'invalid UTF-8, the line named', args: add(), input: Buffer.concat([Buffer.from('1\n00:00:01,000 --> 00:00:02,000\n'), Buffer.from([0x68, 0xff, 0x69, 0x0a])]), code: 2, stderr: /^error: line 3: invalid UTF-8$/ },
  // A continuation byte with no sequence before it is invalid at the start too: the line is its own, not that of the next invalid byte.
  { name: 'invalid UTF-8 at the first byte', args: add(), input: Buffer.from([0x80, 0x0a, 0x68, 0xff, 0x0a]), code: 2, stderr: /^error: line 1: invalid UTF-8$/ },
  { name: 'empty input', args: add(), input: '', code: 2, stderr: /^error: standard input is empty: nothing to add$/ },
  { name: 'blank file', args: add('$FILE'), file: { name: 'blank.srt', text: '\n \r\n' }, code: 2, stderr: /^error: ".*blank\.srt" is empty: nothing to add$/ },
  { name: 'a file that does not exist', args: add('/nonexistent/t.srt'), code: 2, stderr: /^error: cannot read "\/nonexistent\/t\.srt": ENOENT$/ },
  { name: 'a directory', args: add('/tmp'), code: 2, stderr: /^error: "\/tmp" is a directory, not a file to read$/ },
  { name: 'unknown --format', args: add('--format', 'ass'), input: 'x', code: 2, stderr: /^error: --format: unknown format "ass"/ },
  { name: 'no --model', args: ['transcript', 'add', 'ev'], input: asr([]), code: 2, stderr: /--model <name>' not specified/ },
  { name: 'empty --model', args: ['transcript', 'add', 'ev', '--model', ''], input: asr([]), code: 2, stderr: /--model <name>' argument '' is invalid. must not be empty$/ },
  { name: 'an invalid video id', args: ['transcript', 'add', 'a b', '--model', 'm'], input: asr([]), code: 2, stderr: /^error: id: "a b" may contain only/ },
  { name: 'an unknown video', args: ['transcript', 'add', 'nope', '--model', 'm'], input: asr([segment(0, 1)]), code: 3, stderr: /^error: video not found: "nope"$/ },
  { name: 'a video without a duration', args: ['transcript', 'add', 'plain', '--model', 'm'], input: asr([segment(0, 1)]), code: 2, stderr: /^error: video "plain" has no duration, which a video needs to hold transcripts: give it one with `aana-store video update plain --duration SECONDS`$/ },
  { name: 'a second transcript by the model', args: add(), input: asr([segment(0, 1)]), code: 4, stderr: /^error: video "ev" already has a transcript by model "m" \(--on-conflict update replaces it\)$/ },
  { name: 'update with invalid input', args: add('--on-conflict', 'update'), input: asr([segment(2, 1)]), code: 2, stderr: /^error: segments\[0\]\.time_interval\.end: must not be before start/ },
];

describe.each(BACKENDS)('transcript add: invalid input on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    beforeAll(async () => {
      db = await create();
      expect((await runInProcess(['--db', db.spec, 'init', '-q'])).code).toBe(0);
      await addExtendedVideos(db, [{ id: 'ev', duration: 60 }]);
      expect((await runInProcess(['--db', db.spec, 'video', 'add', '--path', '/plain.mp4', '--id', 'plain'])).code).toBe(0);
      // The transcript the conflict cases find.
      expect((await runInProcess(['--db', db.spec, 'transcript', 'add', 'ev', '--model', 'm', '-'], { input: asr([segment(0, 1)]) })).code).toBe(0);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    it.each(CASES)('$name: exit $code, one line naming the line or field, empty stdout, database unchanged', async (c) => {
      const before = [...(await snapshot(db)), ...(await transcriptSnapshot(db))];
      let args = c.args;
      if (c.file) {
        const folder = join(dir.path, c.name.replace(/\W+/g, '-'));
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, c.file.name), c.file.text);
        args = args.map((a) => (a === '$FILE' ? join(folder, c.file!.name) : a));
      }
      const result = await runInProcess(['--db', db.spec, ...args], { input: c.input });
      expect(result.stdout).toBe('');
      expect(result.code).toBe(c.code);
      const lines = result.stderr.replace(/\n$/, '').split('\n');
      expect(lines.length, result.stderr).toBeLessThanOrEqual(c.code === 2 && lines[1]?.startsWith('(') ? 2 : 1);
      expect(lines[0]).toMatch(c.stderr);
      expect([...(await snapshot(db)), ...(await transcriptSnapshot(db))]).toEqual(before);
    });
  });
});
