// The transcript commands on rows as the Aana SDK writes them (SQLAlchemy's JSON type: Python's json.dumps text), and rows they write as Aana reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { addExtendedVideos } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';

/** Segments as Python's json.dumps writes them: ", " and ": ", non-ASCII escaped, floats with a point (0.0, 4.0). */
const AANA_SEGMENTS =
  '[{"text": " Gr\\u00fc\\u00df dich, <Welt> & \\u65e5\\u672c", "time_interval": {"start": 0.0, "end": 2.25}, "confidence": 0.93, "no_speech_confidence": 0.01, "words": [' +
  '{"word": " Gr\\u00fc\\u00df", "speaker": null, "time_interval": {"start": 0.0, "end": 1.0}, "alignment_confidence": 0.9}], "speaker": null}, ' +
  '{"text": " \\"Zwei\\"\\nZeilen", "time_interval": {"start": 2.25, "end": 4.0}, "confidence": null, "no_speech_confidence": null, "words": [], "speaker": "SPEAKER_01"}]';
const AANA_TEXT = ' Grüß dich, <Welt> & 日本 "Zwei"\nZeilen';
/** SQLAlchemy's text for a timestamp on SQLite; PostgreSQL takes it as a timestamptz literal in UTC. */
const WRITTEN_AT = '2026-01-02 03:04:05.678901';

describe.each(BACKENDS)('transcript commands and Aana-written rows on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });
    const segmentsText = kind === 'sqlite' ? 'segments' : 'segments::text as segments';
    const rowOf = async (video: string) =>
      db.query(`select t.model, t.transcript, ${segmentsText}, t.language, t.language_confidence, t.transcript_type, t.updated_at from transcript t join extended_video_transcript e on e.id = t.id where e.media_id = ?`, [video]);

    beforeAll(async () => {
      db = await create();
      expect((await cli(['init', '-q'])).code).toBe(0);
      await addExtendedVideos(db, [{ id: 'aana', duration: 4 }, { id: 'ours', duration: 4 }]);
      const at = kind === 'sqlite' ? WRITTEN_AT : `${WRITTEN_AT}+00`;
      await db.query('insert into transcript (model, transcript, segments, language, language_confidence, transcript_type, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)', [
        'whisper_medium', AANA_TEXT, AANA_SEGMENTS, 'de', 0.5, 'extended_video_transcript', at, at,
      ]);
      const [{ id }] = await db.query<{ id: number }>("select max(id) as id from transcript where model = 'whisper_medium'");
      await db.query('insert into extended_video_transcript (id, media_id) values (?, ?)', [id, 'aana']);
    });
    afterAll(async () => db?.cleanup());

    it("get and list show an Aana-written transcript, and reading it leaves the row's text as Aana wrote it", async () => {
      const before = await rowOf('aana');
      const json = await cli(['transcript', 'get', 'aana', '--format', 'json']);
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({
        transcription: { text: AANA_TEXT },
        segments: JSON.parse(AANA_SEGMENTS),
        transcription_info: { language: 'de', language_confidence: 0.5 },
      });
      expect((await cli(['transcript', 'get', 'aana', '--format', 'srt'])).stdout).toBe(
        '1\n00:00:00,000 --> 00:00:02,250\n Grüß dich, <Welt> & 日本\n\n2\n00:00:02,250 --> 00:00:04,000\n "Zwei"\nZeilen\n',
      );
      expect((await cli(['transcript', 'get', 'aana', '--format', 'vtt'])).stdout).toBe(
        'WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.250\n Grüß dich, &lt;Welt&gt; &amp; 日本\n\n2\n00:00:02.250 --> 00:00:04.000\n "Zwei"\nZeilen\n',
      );
      const list = await cli(['transcript', 'list', 'aana', '--format', 'json']);
      expect(JSON.parse(list.stdout)).toEqual([
        { id: 'aana', model: 'whisper_medium', language: 'de', language_confidence: 0.5, segments: 2, seconds: 4, characters: [...AANA_TEXT].length, created_at: '2026-01-02T03:04:05.678Z', updated_at: '2026-01-02T03:04:05.678Z' },
      ]);
      expect(await rowOf('aana')).toEqual(before);
    });

    it("what transcript add writes is what Aana's models read: json.dumps text, extended_video_transcript rows", async () => {
      const given = { transcription: { text: AANA_TEXT }, segments: JSON.parse(AANA_SEGMENTS) as unknown, transcription_info: { language: 'de', language_confidence: 0.5 } };
      expect((await cli(['transcript', 'add', 'ours', '--model', 'whisper_medium', '-'], JSON.stringify(given))).code).toBe(0);
      const [row] = await rowOf('ours');
      // The same text Python's json.dumps writes, but for the floats' spelling: JSON has one number type, and 4.0 is 4.
      expect(row).toMatchObject({ model: 'whisper_medium', transcript: AANA_TEXT, language: 'de', language_confidence: 0.5, transcript_type: 'extended_video_transcript', segments: AANA_SEGMENTS.replace(/(\d)\.0\b/g, '$1') });
      expect(JSON.parse((row as { segments: string }).segments)).toEqual(JSON.parse(AANA_SEGMENTS));
    });
  });
});
