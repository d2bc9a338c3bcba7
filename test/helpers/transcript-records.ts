/** Records as `transcript export` and `caption export` write them, for tests. */

export function segment(i: number, text = `segment ${i}`) {
  const start = i * 2.5;
  return {
    text,
    time_interval: { start, end: start + 2 },
    confidence: 0.5 + (i % 5) / 10,
    no_speech_confidence: i % 3 === 0 ? null : 0.001 * i,
    words: [{ word: text.split(' ')[0] ?? '', speaker: null, time_interval: { start, end: start + 1 }, alignment_confidence: 0.75 }],
    speaker: i % 4 === 0 ? 'SPEAKER_00' : null,
  };
}

export function transcriptRecord(mediaId: string, model: string, segments: number, at = '2024-03-04T05:06:07.089Z') {
  const list = Array.from({ length: segments }, (_, i) => segment(i, `word${i} ünï "q" ${mediaId}`));
  return {
    media_id: mediaId,
    model,
    transcript: list.map((s) => s.text).join(' '),
    segments: list,
    language: 'en',
    language_confidence: 0.875,
    created_at: at,
    updated_at: at,
  };
}

export function captionRecord(mediaId: string, model: string, frame: number, at = '2024-03-04T05:06:07.089Z') {
  return { media_id: mediaId, model, frame_id: frame, timestamp: frame / 25, caption: `frame ${frame}, "a cat"\n東京`, created_at: at, updated_at: at };
}

export const ndjson = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
