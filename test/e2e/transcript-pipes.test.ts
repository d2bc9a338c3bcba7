import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSrt } from '../../src/transcripts/srt.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { addExtendedVideos } from '../helpers/extended-videos.js';

const WHISPER_FILE = join(import.meta.dirname, '../fixtures/transcripts/whisper-output.json');

/** Runs a shell pipeline with `$CLI` standing for the shipped bundle on the test database. */
function shell(db: Backend, cwd: string, script: string) {
  return spawnSync('bash', ['-o', 'pipefail', '-c', script], { env: baseEnv({ CLI: `${process.execPath} ${BIN} --db ${db.spec}`, WHISPER: WHISPER_FILE }), cwd, encoding: 'utf8' });
}

/** A transcript of many long segments, enough to fill a pipe. */
function longTranscript(segments: number): string {
  const list = Array.from({ length: segments }, (_, i) => ({ text: ` segment ${i} ${'words '.repeat(20)}`, time_interval: { start: i * 3, end: i * 3 + 2.5 } }));
  return JSON.stringify({ transcription: { text: list.map((s) => s.text).join('') }, segments: list, transcription_info: { language: 'en', language_confidence: 1 } });
}

describe.each(BACKENDS)('transcripts through pipes and files, the shipped bundle, on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    beforeAll(async () => {
      db = await create();
      expect((await runCli(['--db', db.spec, 'init', '-q'])).code).toBe(0);
      await addExtendedVideos(db, [{ id: 'a', duration: 4000 }, { id: 'b', duration: 4000 }, { id: 'long', duration: 20000 }]);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    it('JSON piped in, SRT to a file, the file added to another video: the same cues', () => {
      const result = shell(db, dir.path, 'cat "$WHISPER" | $CLI -q transcript add a --model whisper && $CLI transcript get a --format srt > a.srt && $CLI -q transcript add b --model copy a.srt && $CLI transcript get b --format srt');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(readFileSync(join(dir.path, 'a.srt'), 'utf8'));
      const whisper = JSON.parse(readFileSync(WHISPER_FILE, 'utf8')) as { segments: Array<{ text: string; time_interval: { start: number; end: number } }> };
      expect(parseSrt(result.stdout).map((s) => [s.time_interval, s.text])).toEqual(whisper.segments.map((s) => [s.time_interval, s.text]));
    });

    it('a closed pipe ends get and list quietly with exit 0', async () => {
      expect((await runCli(['--db', db.spec, '-q', 'transcript', 'add', 'long', '--model', 'm'], { input: longTranscript(3000) })).code).toBe(0);
      for (const command of ['transcript get long --format srt', 'transcript get long --format json', 'transcript list --format csv']) {
        const result = shell(db, dir.path, `$CLI ${command} | head -c 10`);
        expect(result.stderr, command).toBe('');
        expect(result.status, command).toBe(0);
        expect(result.stdout).toHaveLength(10);
      }
    });
  });
});
