import { ExtendedVideoRepository, ExtendedVideoTranscriptRepository, type AsrSegment, type StoreEntityManager } from '../../src/index.js';
import type { Store } from './store.js';

/** A segment of Aana's ASR output with only text and times. */
export const segment = (text: string, start: number, end: number): AsrSegment => ({
  text,
  time_interval: { start, end },
  confidence: null,
  no_speech_confidence: null,
  words: [],
  speaker: null,
});

/** [video id, title, model, segment texts (each 2 s long)]: transcripts as the library writes them. */
export type TranscriptFixture = [string, string | null, string, string[]];

/** Stores extended videos (once each) and their transcripts through the library. */
export async function saveTranscripts(store: Store, fixtures: readonly TranscriptFixture[]): Promise<void> {
  const em = () => store.orm.em.fork() as StoreEntityManager;
  const saved = new Set<string>();
  for (const [id, title, model, texts] of fixtures) {
    if (!saved.has(id)) await new ExtendedVideoRepository(em()).save({ id, path: `/${id}.mp4`, title: title ?? undefined }, 600);
    saved.add(id);
    const segments = texts.map((text, i) => segment(text, i * 2, i * 2 + 2));
    await new ExtendedVideoTranscriptRepository(em()).save(model, id, { language: 'en', language_confidence: 0.9 }, { text: texts.join('') }, segments);
  }
}
