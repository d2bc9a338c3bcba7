/**
 * Aana's ASR output (aana/core/models/asr.py and time.py in mobiusml/aana_sdk), as Aana's
 * `model_dump()` writes it into `transcript.segments`: every field present, absent optionals null,
 * keys in Aana's order.
 */

/** Seconds from the start of the media; `start, end ≥ 0`. */
export interface TimeInterval {
  start: number;
  end: number;
}

export interface AsrWord {
  word: string;
  speaker: string | null;
  time_interval: TimeInterval;
  /** In [0, 1]. */
  alignment_confidence: number;
}

export interface AsrSegment {
  text: string;
  time_interval: TimeInterval;
  /** In [0, 1]; Whisper's exp(avg_logprob). */
  confidence: number | null;
  /** In [0, 1]; Whisper's no_speech_prob. */
  no_speech_confidence: number | null;
  words: AsrWord[];
  speaker: string | null;
}

export interface AsrTranscription {
  text: string;
}

export interface AsrTranscriptionInfo {
  language: string;
  /** In [0, 1]. */
  language_confidence: number;
}

/** What Aana's Whisper deployment returns (its `WhisperOutput`), and what `transcript add` reads as JSON. */
export interface AsrOutput {
  transcription: AsrTranscription;
  segments: AsrSegment[];
  transcription_info: AsrTranscriptionInfo;
}

/** A segment as a subtitle cue gives it: times and text, nothing a subtitle file cannot say. */
export function cueSegment(start: number, end: number, text: string): AsrSegment {
  return { text, time_interval: { start, end }, confidence: null, no_speech_confidence: null, words: [], speaker: null };
}

/**
 * The output for segments read from subtitles: the transcription is the cues' texts one per line,
 * and the language unknown, as Aana's defaults say it (`""`, confidence 0).
 */
export function outputFromCues(segments: AsrSegment[]): AsrOutput {
  return { transcription: { text: segments.map((s) => s.text).join('\n') }, segments, transcription_info: { language: '', language_confidence: 0 } };
}
