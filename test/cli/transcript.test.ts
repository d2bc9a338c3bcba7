import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSrt } from '../../src/transcripts/srt.js';
import { parseVtt } from '../../src/transcripts/vtt.js';
import type { AsrOutput } from '../../src/transcripts/segments.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { tempDir } from '../helpers/cli.js';
import { addExtendedVideos, transcriptSnapshot } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';

const WHISPER_FILE = join(import.meta.dirname, '../fixtures/transcripts/whisper-output.json');
const WHISPER = JSON.parse(readFileSync(WHISPER_FILE, 'utf8')) as AsrOutput;
/** SubRip as editors save it on Windows: a BOM, CRLF, a cue of two lines, cue numbers out of order. */
const SRT_CRLF = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nFirst line\r\nsecond line\r\n\r\n7\r\n00:01:00,250 --> 00:01:03,000\r\n<i>Zwei</i> & más\r\n';

describe.each(BACKENDS)('transcript commands on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    const cli = (args: string[], input?: string | Buffer) => runInProcess(['--db', db.spec, ...args], { input, cwd: dir.path });
    const count = async (table: string, where = '1 = 1', params: unknown[] = []) => Number((await db.query<{ n: number | string }>(`select count(*) as n from ${table} where ${where}`, params))[0].n);
    const indexRows = (id: number) => count('transcript_segment_fts', 'transcript_id = ?', [id]);
    const transcriptIds = async (video: string) => (await db.query<{ id: number }>('select id from extended_video_transcript where media_id = ? order by id', [video])).map((r) => Number(r.id));

    beforeAll(async () => {
      db = await create();
      expect((await runInProcess(['--db', db.spec, 'init', '-q'])).code).toBe(0);
      await addExtendedVideos(db, ['w', 's', 'c', 'm', 'l1', 'l2', 'd', 'e'].map((id) => ({ id, duration: 3800 })));
      expect((await runInProcess(['--db', db.spec, 'video', 'add', '--path', '/plain.mp4', '--id', 'plain'])).code).toBe(0);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    it("a Whisper JSON file in: nothing on stdout, Aana's JSON back exactly, SRT and WebVTT that parse back to the same cues", async () => {
      const add = await cli(['transcript', 'add', 'w', '--model', 'whisper-large', WHISPER_FILE]);
      expect(add).toMatchObject({ code: 0, stdout: '' });
      expect(add.stderr).toBe('transcript of video "w" by model "whisper-large" (3 segments): added\n');
      expect(await db.query("select t.transcript_type, t.language, e.media_id from transcript t join extended_video_transcript e on e.id = t.id where e.media_id = 'w'")).toEqual([
        { transcript_type: 'extended_video_transcript', language: 'en', media_id: 'w' },
      ]);
      const json = await cli(['transcript', 'get', 'w', '--format', 'json']);
      expect(json).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(json.stdout)).toEqual(WHISPER);
      const cues = WHISPER.segments.map((s) => ({ start: s.time_interval.start, end: s.time_interval.end, text: s.text }));
      const srt = await cli(['transcript', 'get', 'w', '--model', 'whisper-large', '--format', 'srt']);
      expect(srt.stdout).toMatch(/^1\n00:00:00,000 --> 00:00:02,480\n Welcome back to the physics lab\.\n\n2\n/);
      expect(parseSrt(srt.stdout).map((s) => ({ ...s.time_interval, text: s.text }))).toEqual(cues);
      const vtt = await cli(['transcript', 'get', 'w', '--format', 'vtt']);
      expect(vtt.stdout).toMatch(/^WEBVTT\n\n1\n00:00:00\.000 --> 00:00:02\.480\n/);
      expect(vtt.stdout).toContain("Tom &amp; Jerry's &lt;experiment&gt;, part 1 --&gt; 2.");
      expect(parseVtt(vtt.stdout).map((s) => ({ ...s.time_interval, text: s.text }))).toEqual(cues);
      const text = await cli(['transcript', 'get', 'w']);
      expect(text.stdout).toBe(`${WHISPER.transcription.text}\n`);
      expect(await indexRows((await transcriptIds('w'))[0])).toBe(3);
    });

    it('SubRip with a BOM, CRLF and multi-line cues from stdin (told by its start); read back with LF line breaks', async () => {
      const add = await cli(['transcript', 'add', 's', '--model', 'manual'], SRT_CRLF);
      expect(add.code, add.stderr).toBe(0);
      const json = JSON.parse((await cli(['transcript', 'get', 's', '--format', 'json'])).stdout) as AsrOutput;
      expect(json.segments.map((s) => [s.time_interval.start, s.time_interval.end, s.text])).toEqual([
        [1, 2.5, 'First line\nsecond line'],
        [60.25, 63, '<i>Zwei</i> & más'],
      ]);
      expect(json.transcription_info).toEqual({ language: '', language_confidence: 0 });
      expect((await cli(['transcript', 'get', 's', '--format', 'srt'])).stdout).toBe('1\n00:00:01,000 --> 00:00:02,500\nFirst line\nsecond line\n\n2\n00:01:00,250 --> 00:01:03,000\n<i>Zwei</i> & más\n');
      // A WebVTT file under a name that says nothing, with --format; and - for stdin.
      writeFileSync(join(dir.path, 'cues.txt'), 'WEBVTT\n\n00:01.000 --> 00:02.000 align:start\n<v Ana>Hola &amp; adiós\n');
      expect((await cli(['transcript', 'add', 's', '--model', 'vtt', 'cues.txt', '--format', 'vtt'])).code).toBe(0);
      expect((await cli(['transcript', 'get', 's', '--model', 'vtt'])).stdout).toBe('Hola & adiós\n');
      expect((await cli(['transcript', 'add', 's', '--model', 'stdin', '-'], JSON.stringify(WHISPER))).code).toBe(0);
      expect(JSON.parse((await cli(['transcript', 'get', 's', '--model', 'stdin', '--format', 'json'])).stdout)).toEqual(WHISPER);
    });

    it('one transcript per video and model: a second add exits 4, skip keeps it, update replaces it in place with its index', async () => {
      expect((await cli(['transcript', 'add', 'c', '--model', 'm1', WHISPER_FILE])).code).toBe(0);
      const [id] = await transcriptIds('c');
      const before = await transcriptSnapshot(db);
      const again = await cli(['transcript', 'add', 'c', '--model', 'm1'], SRT_CRLF);
      expect(again).toMatchObject({ code: 4, stdout: '', stderr: 'error: video "c" already has a transcript by model "m1" (--on-conflict update replaces it)\n' });
      const skip = await cli(['transcript', 'add', 'c', '--model', 'm1', '--on-conflict', 'skip'], SRT_CRLF);
      expect(skip).toMatchObject({ code: 0, stdout: '', stderr: 'transcript of video "c" by model "m1" (2 segments): exists; left unchanged\n' });
      expect(await transcriptSnapshot(db)).toEqual(before);
      const update = await cli(['transcript', 'add', 'c', '--model', 'm1', '--on-conflict', 'update'], SRT_CRLF);
      expect(update).toMatchObject({ code: 0, stdout: '', stderr: 'transcript of video "c" by model "m1" (2 segments): replaced the stored one\n' });
      expect(await transcriptIds('c')).toEqual([id]);
      expect(await indexRows(id)).toBe(2);
      expect((await cli(['transcript', 'get', 'c'])).stdout).toBe('First line\nsecond line\n<i>Zwei</i> & más\n');
    });

    it('update also removes further transcripts by the model that Aana appended', async () => {
      await addExtendedVideos(db, [{ id: 'dup', duration: 10 }]);
      expect((await cli(['transcript', 'add', 'dup', '--model', 'm', WHISPER_FILE])).code).toBe(0);
      const [first] = await transcriptIds('dup');
      // What Aana's save does for a second transcript by the same model: another pair of rows.
      await db.query('insert into transcript (id, model, transcript, segments, language, language_confidence, transcript_type) values (?, ?, ?, ?, ?, ?, ?)', [first + 1000, 'm', 'x', '[]', 'en', 0.5, 'extended_video_transcript']);
      await db.query('insert into extended_video_transcript (id, media_id) values (?, ?)', [first + 1000, 'dup']);
      expect((await cli(['transcript', 'add', 'dup', '--model', 'm', '--on-conflict', 'update'], SRT_CRLF)).code).toBe(0);
      expect(await transcriptIds('dup')).toEqual([first]);
      expect(await count('transcript', 'id = ?', [first + 1000])).toBe(0);
    });

    it('get without --model: the only transcript, exit 2 naming the models when several, exit 3 when none', async () => {
      for (const model of ['b-model', 'a-model']) expect((await cli(['transcript', 'add', 'm', '--model', model, WHISPER_FILE])).code).toBe(0);
      const several = await cli(['transcript', 'get', 'm']);
      expect(several).toMatchObject({ code: 2, stdout: '', stderr: 'error: video "m" has transcripts by 2 models ("a-model", "b-model"): choose one with --model\n' });
      expect((await cli(['transcript', 'get', 'm', '--model', 'a-model'])).code).toBe(0);
      expect(await cli(['transcript', 'get', 'm', '--model', 'c-model'])).toMatchObject({ code: 3, stdout: '', stderr: 'error: video "m" has no transcript by model "c-model"\n' });
      expect(await cli(['transcript', 'get', 'e'])).toMatchObject({ code: 3, stdout: '', stderr: 'error: video "e" has no transcript\n' });
      expect(await cli(['transcript', 'get', 'plain'])).toMatchObject({ code: 3, stderr: 'error: video "plain" has no transcript\n' });
      expect(await cli(['transcript', 'get', 'nope', '--model', 'x'])).toMatchObject({ code: 3, stdout: '', stderr: 'error: video not found: "nope"\n' });
      expect(await cli(['transcript', 'get', 'nope'])).toMatchObject({ code: 3, stderr: 'error: video not found: "nope"\n' });
    });

    it('list: video id, model, language, confidence, segments, seconds, characters, in every list format', async () => {
      expect((await cli(['transcript', 'add', 'l1', '--model', 'whisper', WHISPER_FILE])).code).toBe(0);
      expect((await cli(['transcript', 'add', 'l2', '--model', 'srt'], SRT_CRLF)).code).toBe(0);
      const ndjson = await cli(['transcript', 'list', 'l1']);
      expect(ndjson.code).toBe(0);
      const [record] = ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(record).toMatchObject({ id: 'l1', model: 'whisper', language: 'en', language_confidence: 0.987, segments: 3, seconds: 3726.999, characters: [...WHISPER.transcription.text].length });
      expect(Object.keys(record)).toEqual(['id', 'model', 'language', 'language_confidence', 'segments', 'seconds', 'characters', 'created_at', 'updated_at']);
      expect(record.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const all = await cli(['transcript', 'list', '--format', 'csv', '--fields', 'id,model,segments,seconds,characters']);
      const lines = all.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('id,model,segments,seconds,characters');
      expect(lines.filter((l) => l.startsWith('l1,') || l.startsWith('l2,'))).toEqual(['l1,whisper,3,3726.999,92', 'l2,srt,2,63,40']);
      const ids = lines.slice(1).map((l) => l.split(',')[0]);
      expect(ids).toEqual([...ids].sort());
      expect((await cli(['transcript', 'list', 'l2', '--format', 'tsv', '--fields', 'model,language'])).stdout).toBe('model\tlanguage\nsrt\t""\n');
      expect((await cli(['transcript', 'list', 'l2', '--format', 'ids'])).stdout).toBe('l2\n');
      expect(JSON.parse((await cli(['transcript', 'list', 'l2', '--format', 'json'])).stdout)).toMatchObject([{ id: 'l2', model: 'srt', segments: 2 }]);
      expect((await cli(['transcript', 'list', 'l2', '--format', 'table', '--fields', 'id,model,seconds'])).stdout).toMatch(/^id\s+model\s+seconds\nl2\s+srt\s+63\n$/);
      expect(await cli(['transcript', 'list', 'e'])).toMatchObject({ code: 0, stdout: '' });
      expect(await cli(['transcript', 'list', 'plain'])).toMatchObject({ code: 0, stdout: '' });
      expect(await cli(['transcript', 'list', 'nope'])).toMatchObject({ code: 3, stdout: '', stderr: 'error: video not found: "nope"\n' });
      expect(await cli(['transcript', 'list', '--fields', 'nope'])).toMatchObject({ code: 2, stdout: '' });
    });

    it('delete removes the transcript rows and their search index rows in one go; again exits 3', async () => {
      expect((await cli(['transcript', 'add', 'd', '--model', 'gone', WHISPER_FILE])).code).toBe(0);
      expect((await cli(['transcript', 'add', 'd', '--model', 'kept'], SRT_CRLF)).code).toBe(0);
      const [gone, kept] = await transcriptIds('d');
      const del = await cli(['transcript', 'delete', 'd', '--model', 'gone']);
      expect(del).toMatchObject({ code: 0, stdout: '', stderr: 'Deleted the transcript of video "d" by model "gone"\n' });
      expect(await count('transcript', 'id = ?', [gone])).toBe(0);
      expect(await count('extended_video_transcript', 'id = ?', [gone])).toBe(0);
      expect(await indexRows(gone)).toBe(0);
      expect(await indexRows(kept)).toBe(2);
      expect(await cli(['transcript', 'delete', 'd', '--model', 'gone'])).toMatchObject({ code: 3, stderr: 'error: video "d" has no transcript by model "gone"\n' });
      expect(await cli(['transcript', 'delete', 'nope', '--model', 'gone'])).toMatchObject({ code: 3, stderr: 'error: video not found: "nope"\n' });
      expect((await cli(['transcript', 'delete', 'd'])).code).toBe(2);
      expect(await transcriptIds('d')).toEqual([kept]);
    });
  });
});
