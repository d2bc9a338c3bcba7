// The segment search index: kept by triggers in the database, so that rows the Aana SDK writes are found too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtendedVideoCaptionRepository, ExtendedVideoRepository, ExtendedVideoTranscriptRepository, type StoreEntityManager } from '../../src/index.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { segment } from '../helpers/segments.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

describe.each(BACKENDS)('the transcript segment and caption indexes on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store;
    const em = () => store.orm.em.fork() as StoreEntityManager;
    /** Where one folded word is said, found through an index alone: `video#segment`, or `video@frame` for captions. */
    const matches = async (index: 'segment' | 'caption', word: string) => {
      const [table, column, join, at, mark] =
        index === 'segment'
          ? ['transcript_segment_fts', 'text', 'join extended_video_transcript e on e.id = f.transcript_id', 'f.segment', '#']
          : ['caption_fts', 'caption', 'join caption c on c.id = f.caption_id join extended_video_caption e on e.id = c.id', 'c.frame_id', '@'];
      const match = kind === 'sqlite' ? `${table} match ('${column} : "' || ? || '"')` : 'f.document @@ video_fts_query(?, false)';
      const rows = await db.query<{ media_id: string; at: number }>(`select e.media_id, ${at} as at from ${table} f ${join} where ${match} order by 1, 2`, [word]);
      return rows.map((r) => `${r.media_id}${mark}${Number(r.at)}`);
    };
    const found = (word: string) => matches('segment', word);
    const captionsFound = (word: string) => matches('caption', word);

    beforeAll(async () => {
      ({ db, store } = await storeOn(create));
      await new ExtendedVideoRepository(em()).save({ id: 'idx-1', path: '/1.mp4' }, 60);
      await new ExtendedVideoRepository(em()).save({ id: 'idx-2', path: '/2.mp4' }, 60);
    });
    afterAll(async () => closeStore(db, store));

    it('indexes each segment aana-store writes, folding case and diacritics the same way on both databases', async () => {
      await new ExtendedVideoTranscriptRepository(em()).save('whisper', 'idx-1', { language: 'de', language_confidence: 0.9 }, { text: '' }, [
        segment(' Grüß dich, WELT.', 0, 2),
        segment(' Die Welt ist groß.', 2, 4),
        segment(' Café au lait', 4, 6),
      ]);
      expect(await found('welt')).toEqual(['idx-1#0', 'idx-1#1']);
      expect(await found('cafe')).toEqual(['idx-1#2']);
      expect(await found('nothing')).toEqual([]);
    });

    it('indexes a transcript the Aana SDK writes with raw SQL, and forgets a deleted one', async () => {
      const id = kind === 'sqlite' ? '' : "nextval('transcript_id_seq'), ";
      const column = kind === 'sqlite' ? '' : 'id, ';
      await db.query(
        `insert into transcript (${column}model, transcript, segments, language, language_confidence, transcript_type) values (${id}'whisper', 'x', ?, 'en', 0.5, 'extended_video_transcript')`,
        ['[{"text": " Hello world", "time_interval": {"start": 0.0, "end": 1.0}, "confidence": null, "no_speech_confidence": null, "words": [], "speaker": null}]'],
      );
      await db.query("insert into extended_video_transcript (id, media_id) select max(id), 'idx-2' from transcript");
      expect(await found('world')).toEqual(['idx-2#0']);
      expect(await found('welt')).toEqual(['idx-1#0', 'idx-1#1']);
      await db.query("update transcript set segments = ? where id = (select id from extended_video_transcript where media_id = 'idx-2')", [
        '[{"text": " Goodbye world", "time_interval": {"start": 0.0, "end": 1.0}, "confidence": null, "no_speech_confidence": null, "words": [], "speaker": null}, ' +
          '{"text": " and welt", "time_interval": {"start": 1.0, "end": 2.0}, "confidence": null, "no_speech_confidence": null, "words": [], "speaker": null}]',
      ]);
      expect(await found('goodbye')).toEqual(['idx-2#0']);
      expect(await found('hello')).toEqual([]);
      expect(await found('welt')).toEqual(['idx-1#0', 'idx-1#1', 'idx-2#1']);
      await new ExtendedVideoRepository(em()).delete('idx-1');
      expect(await found('welt')).toEqual(['idx-2#1']);
      expect(await db.query('select count(*) as n from transcript_segment_fts')).toEqual([{ n: kind === 'sqlite' ? 2 : '2' }]);
    });

    it('indexes each caption, whoever writes it, and forgets a deleted one', async () => {
      await new ExtendedVideoRepository(em()).save({ id: 'cap-1', path: '/c.mp4' }, 10);
      await new ExtendedVideoCaptionRepository(em()).saveAll('blip2', 'cap-1', ['A Café terrace', 'a dog'], [0, 1], [0, 30]);
      const id = kind === 'sqlite' ? '' : "nextval('caption_id_seq'), ";
      const column = kind === 'sqlite' ? '' : 'id, ';
      await db.query(`insert into caption (${column}model, frame_id, caption, timestamp, caption_type) values (${id}'blip2', 60, 'another cafe', 2.0, 'extended_video_caption')`);
      await db.query("insert into extended_video_caption (id, media_id) select max(id), 'cap-1' from caption");
      expect(await captionsFound('cafe')).toEqual(['cap-1@0', 'cap-1@60']);
      await db.query("update caption set caption = 'a cat' where frame_id = 30 and model = 'blip2'");
      expect(await captionsFound('cat')).toEqual(['cap-1@30']);
      expect(await captionsFound('dog')).toEqual([]);
      await new ExtendedVideoRepository(em()).delete('cap-1');
      expect(await captionsFound('cafe')).toEqual([]);
      expect(await db.query('select count(*) as n from caption_fts')).toEqual([{ n: kind === 'sqlite' ? 0 : '0' }]);
    });
  });
});
