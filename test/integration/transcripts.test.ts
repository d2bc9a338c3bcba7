// Aana's extended video, transcripts and captions (aana/storage/repository/extended_video*.py) on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AsrSegment,
  ExtendedVideoCaptionRepository,
  ExtendedVideoRepository,
  ExtendedVideoTranscriptRepository,
  MediaIdAlreadyExistsError,
  MediaRepository,
  NotFoundError,
  type StoreEntityManager,
  ValidationError,
} from '../../src/index.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

/** A Whisper segment as Aana's model_dump() writes it: every key, in Aana's order. */
function segment(text: string, start: number, end: number, words: Array<[string, number, number]> = []): AsrSegment {
  return {
    text,
    time_interval: { start, end },
    confidence: 0.93,
    no_speech_confidence: 0.01,
    words: words.map(([word, s, e]) => ({ word, speaker: null, time_interval: { start: s, end: e }, alignment_confidence: 0.9 })),
    speaker: null,
  };
}

const SEGMENTS = [segment(' Grüß dich, Welt.', 0.5, 2.25, [[' Grüß', 0.5, 1], [' dich,', 1, 1.5], [' Welt.', 1.5, 2.25]]), segment(' "Quoted" \\ 日本', 2.25, 4)];
/** The same segments as Python's json.dumps (SQLAlchemy's JSON type) writes them: ", " and ": ", non-ASCII escaped. */
const SEGMENTS_TEXT =
  '[{"text": " Gr\\u00fc\\u00df dich, Welt.", "time_interval": {"start": 0.5, "end": 2.25}, "confidence": 0.93, "no_speech_confidence": 0.01, "words": [' +
  '{"word": " Gr\\u00fc\\u00df", "speaker": null, "time_interval": {"start": 0.5, "end": 1}, "alignment_confidence": 0.9}, ' +
  '{"word": " dich,", "speaker": null, "time_interval": {"start": 1, "end": 1.5}, "alignment_confidence": 0.9}, ' +
  '{"word": " Welt.", "speaker": null, "time_interval": {"start": 1.5, "end": 2.25}, "alignment_confidence": 0.9}], "speaker": null}, ' +
  '{"text": " \\"Quoted\\" \\\\ \\u65e5\\u672c", "time_interval": {"start": 2.25, "end": 4}, "confidence": 0.93, "no_speech_confidence": 0.01, "words": [], "speaker": null}]';
const INFO = { language: 'de', language_confidence: 0.98 };

describe.each(BACKENDS)('extended videos, transcripts and captions on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store;
    const session = async (): Promise<StoreEntityManager> => store.orm.em.fork() as StoreEntityManager;
    const count = async (table: string, where = '1 = 1', params: unknown[] = []) => Number((await db.query<{ n: number }>(`select count(*) as n from ${table} where ${where}`, params))[0].n);
    const segmentsText = kind === 'sqlite' ? 'segments' : 'segments::text as segments';

    beforeAll(async () => ({ db, store } = await storeOn(create)));
    afterAll(async () => closeStore(db, store));

    it('save, getStatus, updateStatus, getMetadata; rows as Aana writes them (media_type extended_video, status by member name)', async () => {
      const videos = new ExtendedVideoRepository(await session());
      expect(await videos.save({ id: 'ev-1', path: '/talk.mp4', title: 'Talk' }, 7200.5)).toEqual({ mediaId: 'ev-1' });
      expect(await videos.getStatus('ev-1')).toBe('created');
      expect(await db.query("select m.media_type, v.path, e.duration, e.status from media m join video v on v.id = m.id join extended_video e on e.id = m.id where m.id = 'ev-1'")).toEqual([
        { media_type: 'extended_video', path: '/talk.mp4', duration: 7200.5, status: 'CREATED' },
      ]);
      await videos.updateStatus('ev-1', 'running');
      expect(await db.query("select status from extended_video where id = 'ev-1'")).toEqual([{ status: 'RUNNING' }]);
      expect(await new ExtendedVideoRepository(await session()).getStatus('ev-1')).toBe('running');
      expect(await videos.getMetadata('ev-1')).toEqual({ title: 'Talk', description: null, duration: 7200.5 });
      await expect(videos.getStatus('nope')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a bad duration or status, and a duplicate id, naming the field and writing nothing', async () => {
      const videos = new ExtendedVideoRepository(await session());
      await expect(videos.save({ id: 'ev-neg', path: '/a.mp4' }, -1)).rejects.toThrow(new ValidationError('duration', 'must not be negative, got -1'));
      await expect(videos.save({ id: 'ev-nan', path: '/a.mp4' }, Number.NaN)).rejects.toThrow(/^duration: must be a number of seconds/);
      expect(await count('media', "id in ('ev-neg', 'ev-nan')")).toBe(0);
      await videos.save({ id: 'ev-dup', path: '/a.mp4' }, 1);
      await expect(videos.save({ id: 'ev-dup', path: '/b.mp4' }, 2)).rejects.toBeInstanceOf(MediaIdAlreadyExistsError);
      await expect(videos.updateStatus('ev-dup', 'paused' as never)).rejects.toThrow('status: must be one of created, running, completed, failed, got "paused"');
      expect(await db.query("select status from extended_video where id = 'ev-dup'")).toEqual([{ status: 'CREATED' }]);
    });

    it('a transcript round-trips, stored as SQLAlchemy stores it: JSON text as json.dumps writes it, transcript_type extended_video_transcript', async () => {
      const em = await session();
      await new ExtendedVideoRepository(em).save({ id: 'ev-t', url: 'https://example.com/t.mp4' }, 4);
      const transcripts = new ExtendedVideoTranscriptRepository(em);
      await transcripts.save('whisper-large', 'ev-t', INFO, { text: 'Grüß dich, Welt. "Quoted" \\ 日本' }, SEGMENTS);
      expect(await new ExtendedVideoTranscriptRepository(await session()).getTranscript('whisper-large', 'ev-t')).toEqual({
        transcription: { text: 'Grüß dich, Welt. "Quoted" \\ 日本' },
        segments: SEGMENTS,
        transcription_info: INFO,
      });
      const rows = await db.query(
        `select t.id = e.id as same, t.model, t.transcript_type, t.language, t.language_confidence, ${segmentsText} from transcript t join extended_video_transcript e on e.id = t.id where e.media_id = 'ev-t'`,
      );
      expect(rows).toEqual([{ same: kind === 'sqlite' ? 1 : true, model: 'whisper-large', transcript_type: 'extended_video_transcript', language: 'de', language_confidence: 0.98, segments: SEGMENTS_TEXT }]);
      await expect(transcripts.getTranscript('whisper-tiny', 'ev-t')).rejects.toThrow(new NotFoundError('extended_video_transcript', 'ev-t'));
      expect(await transcripts.models('ev-t')).toEqual(['whisper-large']);
    });

    it('refuses a transcript Aana would refuse, or one for an unknown video, writing nothing', async () => {
      const em = await session();
      await new ExtendedVideoRepository(em).save({ id: 'ev-bad', path: '/bad.mp4' }, 4);
      const transcripts = new ExtendedVideoTranscriptRepository(em);
      const before = await count('transcript');
      await expect(transcripts.save('m', 'ev-bad', { language: 'en', language_confidence: 1.5 }, { text: '' }, [])).rejects.toThrow(
        'transcription_info.language_confidence: must be between 0 and 1, got 1.5',
      );
      await expect(transcripts.save('m', 'ev-bad', INFO, { text: '' }, [segment('x', 3, 1)])).rejects.toThrow('segments[0].time_interval.end: must not be before start (1 < 3)');
      await expect(transcripts.save('m', 'ev-bad', INFO, { text: '' }, [segment('x', -1, 1)])).rejects.toThrow('segments[0].time_interval.start: must not be negative, got -1');
      await expect(transcripts.save('m', 'no-such-video', INFO, { text: '' }, [])).rejects.toThrow(new NotFoundError('extended_video', 'no-such-video'));
      expect(await count('transcript')).toBe(before);
      expect(await count('extended_video_transcript')).toBe(before);
    });

    it('captions: save and saveAll, read back in frame order; bad frames refused with nothing written', async () => {
      const em = await session();
      await new ExtendedVideoRepository(em).save({ id: 'ev-c', path: '/c.mp4' }, 10);
      const captions = new ExtendedVideoCaptionRepository(em);
      await captions.saveAll('blip2', 'ev-c', ['a dog', 'a cat', 'a bird'], [2, 0, 1.5], [60, 0, 45]);
      await captions.save('blip2', 'ev-c', 'a fish', 0.5, 15);
      await captions.save('other', 'ev-c', 'not this model', 0, 0);
      expect(await new ExtendedVideoCaptionRepository(await session()).getCaptions('blip2', 'ev-c')).toEqual({
        captions: ['a cat', 'a fish', 'a bird', 'a dog'],
        timestamps: [0, 0.5, 1.5, 2],
        frame_ids: [0, 15, 45, 60],
      });
      expect(await db.query("select c.caption_type, count(*) as n from caption c join extended_video_caption e on e.id = c.id where e.media_id = 'ev-c' group by c.caption_type")).toEqual([
        { caption_type: 'extended_video_caption', n: kind === 'sqlite' ? 5 : '5' },
      ]);
      const before = await count('caption');
      await expect(captions.saveAll('blip2', 'ev-c', ['ok', 'bad'], [1, 2], [1, -1])).rejects.toThrow('line 2: frame_id: must be an integer from 0 to 2147483647, got -1');
      await expect(captions.save('blip2', 'ev-c', 'bad', -0.5, 1)).rejects.toThrow('line 1: timestamp: must not be negative, got -0.5');
      await expect(captions.saveAll('blip2', 'ev-c', ['a', 'b'], [1], [1, 2])).rejects.toThrow(/^captions: 2 captions, 1 timestamps and 2 frame ids/);
      await expect(captions.save('blip2', 'no-such-video', 'x', 0, 0)).rejects.toBeInstanceOf(NotFoundError);
      expect(await count('caption')).toBe(before);
      expect(await new ExtendedVideoCaptionRepository(em).getCaptions('blip2', 'nobody')).toEqual({ captions: [], timestamps: [], frame_ids: [] });
    });

    it("the database refuses what Aana's model checks refuse, whoever writes it", async () => {
      const insertTranscript = (confidence: number) =>
        db.query("insert into transcript (model, transcript, segments, language, language_confidence, transcript_type) values ('m', '', '[]', 'en', ?, 'transcript')", [confidence]);
      await expect(insertTranscript(1.5)).rejects.toThrow(/ck_transcript_language_confidence_value_range|CHECK constraint failed/);
      await expect(insertTranscript(-0.1)).rejects.toThrow(/ck_transcript_language_confidence_value_range|CHECK constraint failed/);
      const insertCaption = (frame: number, timestamp: number) =>
        db.query("insert into caption (model, frame_id, caption, timestamp, caption_type) values ('m', ?, 'c', ?, 'caption')", [frame, timestamp]);
      await expect(insertCaption(-1, 0)).rejects.toThrow(/ck_caption_frame_id_positive|CHECK constraint failed/);
      await expect(insertCaption(0, -1)).rejects.toThrow(/ck_caption_timestamp_positive|CHECK constraint failed/);
    });

    it('deleting a video deletes its transcripts and captions, base and subclass rows, and nothing of another video', async () => {
      const em = await session();
      const videos = new ExtendedVideoRepository(em);
      for (const id of ['ev-del', 'ev-keep']) {
        await videos.save({ id, path: `/${id}.mp4` }, 3);
        await new ExtendedVideoTranscriptRepository(em).save('whisper', id, INFO, { text: 'hi' }, SEGMENTS);
        await new ExtendedVideoTranscriptRepository(em).save('other', id, INFO, { text: 'hi' }, []);
        await new ExtendedVideoCaptionRepository(em).saveAll('blip2', id, ['a', 'b'], [0, 1], [0, 30]);
      }
      const transcriptsBefore = await count('transcript');
      const captionsBefore = await count('caption');
      expect((await videos.delete('ev-del')).id).toBe('ev-del');
      for (const table of ['extended_video_transcript', 'extended_video_caption']) expect(await count(table, "media_id = 'ev-del'")).toBe(0);
      for (const table of ['extended_video', 'video', 'media']) expect(await count(table, "id = 'ev-del'")).toBe(0);
      expect(await count('transcript')).toBe(transcriptsBefore - 2);
      expect(await count('caption')).toBe(captionsBefore - 2);
      expect((await new ExtendedVideoTranscriptRepository(em).getTranscript('whisper', 'ev-keep')).segments).toEqual(SEGMENTS);
      expect((await new ExtendedVideoCaptionRepository(em).getCaptions('blip2', 'ev-keep')).frame_ids).toEqual([0, 30]);
      await expect(videos.read('ev-del')).rejects.toBeInstanceOf(NotFoundError);
      expect(await videos.delete('ev-del', { check: false })).toBeNull();
      // Deleting it as media (media delete) takes the same path.
      await new MediaRepository(em).delete('ev-keep');
      expect(await count('extended_video_transcript', "media_id = 'ev-keep'")).toBe(0);
      expect(await count('transcript')).toBe(transcriptsBefore - 4);
      expect(await count('caption')).toBe(captionsBefore - 4);
      expect(await count('media', "id = 'ev-keep'")).toBe(0);
    });

    it('reads rows written the way the Aana SDK writes them (SQLAlchemy: enum names, json.dumps text, no ids given on SQLite)', async () => {
      const ids = kind === 'sqlite' ? ['', ''] : ["nextval('transcript_id_seq'), ", "nextval('caption_id_seq'), "];
      const idColumn = kind === 'sqlite' ? '' : 'id, ';
      await db.query("insert into media (id, media_type) values ('aana-ev', 'extended_video')");
      await db.query("insert into video (id, path, url, title, description) values ('aana-ev', '/aana.mp4', NULL, 'From Aana', NULL)");
      await db.query("insert into extended_video (id, duration, status) values ('aana-ev', 12.0, 'COMPLETED')");
      await db.query(
        `insert into transcript (${idColumn}model, transcript, segments, language, language_confidence, transcript_type) values (${ids[0]}'whisper', 'Grüß dich', ?, 'de', 0.98, 'extended_video_transcript')`,
        [SEGMENTS_TEXT],
      );
      await db.query("insert into extended_video_transcript (id, media_id) select max(id), 'aana-ev' from transcript");
      await db.query(`insert into caption (${idColumn}model, frame_id, caption, timestamp, caption_type) values (${ids[1]}'blip2', 3, 'a cat', 0.1, 'extended_video_caption')`);
      await db.query("insert into extended_video_caption (id, media_id) select max(id), 'aana-ev' from caption");
      const em = await session();
      const videos = new ExtendedVideoRepository(em);
      expect(await videos.getStatus('aana-ev')).toBe('completed');
      expect(await videos.getMetadata('aana-ev')).toEqual({ title: 'From Aana', description: null, duration: 12 });
      expect(await new ExtendedVideoTranscriptRepository(em).getTranscript('whisper', 'aana-ev')).toEqual({
        transcription: { text: 'Grüß dich' },
        segments: SEGMENTS,
        transcription_info: INFO,
      });
      expect(await new ExtendedVideoCaptionRepository(em).getCaptions('blip2', 'aana-ev')).toEqual({ captions: ['a cat'], timestamps: [0.1], frame_ids: [3] });
      // aana-store's own next rows follow the SDK's in the same id sequence.
      await new ExtendedVideoTranscriptRepository(em).save('after', 'aana-ev', INFO, { text: '' }, []);
      expect(await db.query("select t.model from transcript t join extended_video_transcript e on e.id = t.id where e.media_id = 'aana-ev' order by t.id")).toEqual([
        { model: 'whisper' },
        { model: 'after' },
      ]);
    });
  });
});
