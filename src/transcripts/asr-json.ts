import { ValidationError } from '../errors.js';
import type { AsrOutput, AsrSegment, AsrTranscription, AsrTranscriptionInfo, AsrWord, TimeInterval } from './segments.js';
import { describe, seconds, storableText } from './values.js';

/*
 * Turns untrusted JSON into Aana's ASR types, checking what Aana's pydantic models check and a little
 * more, each error naming the path of the field (`segments[3].time_interval.end: …`).
 *
 * Unknown fields are refused, at every level: Aana's models say `extra="forbid"`, and a misspelt
 * `no_speech_prob` kept or dropped silently would lose what the user meant to store. Fields with an
 * Aana default may be absent and take it; a null is accepted only where Aana's type is optional.
 * Numbers must be JSON numbers (no numeric strings or booleans, which pydantic's lax mode would
 * coerce). Beyond Aana: `end ≥ start`, times at most MAX_TIME_SECONDS, and no NUL or lone surrogate
 * in any string, as PostgreSQL can store neither.
 */

type Json = Record<string, unknown>;

function object(path: string, value: unknown, keys: readonly string[]): Json {
  if (value === undefined) throw new ValidationError(path, 'is required');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(path === '' ? 'input' : path, `must be an object, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new ValidationError(path === '' ? key : `${path}.${key}`, `unknown field (expected ${keys.join(', ')})`);
  }
  return value as Json;
}

function text(path: string, value: unknown, fallback?: string): string {
  return value === undefined && fallback !== undefined ? fallback : storableText(path, value);
}

function optionalText(path: string, value: unknown): string | null {
  return value === undefined || value === null ? null : text(path, value);
}

function finite(path: string, value: unknown): number {
  if (value === undefined) throw new ValidationError(path, 'is required');
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(path, `must be a number, got ${describe(value)}`);
  return value;
}

/** A confidence or probability, in [0, 1]. */
function unit(path: string, value: unknown): number {
  const n = finite(path, value);
  if (n < 0 || n > 1) throw new ValidationError(path, `must be between 0 and 1, got ${n}`);
  return n;
}

function confidence(path: string, value: unknown): number | null {
  return value === null || value === undefined ? null : unit(path, value);
}

function timeInterval(path: string, value: unknown): TimeInterval {
  const json = object(path, value, ['start', 'end']);
  const start = seconds(`${path}.start`, finite(`${path}.start`, json.start));
  const end = seconds(`${path}.end`, finite(`${path}.end`, json.end));
  if (end < start) throw new ValidationError(`${path}.end`, `must not be before start (${end} < ${start})`);
  return { start, end };
}

function list<T>(path: string, value: unknown, item: (path: string, value: unknown) => T): T[] {
  if (value === undefined) throw new ValidationError(path, 'is required');
  if (!Array.isArray(value)) throw new ValidationError(path, `must be an array, got ${describe(value)}`);
  return value.map((v, i) => item(`${path}[${i}]`, v));
}

function word(path: string, value: unknown): AsrWord {
  const json = object(path, value, ['word', 'speaker', 'time_interval', 'alignment_confidence']);
  return {
    word: text(`${path}.word`, json.word),
    speaker: optionalText(`${path}.speaker`, json.speaker),
    time_interval: timeInterval(`${path}.time_interval`, json.time_interval),
    alignment_confidence: unit(`${path}.alignment_confidence`, json.alignment_confidence),
  };
}

/** One of Aana's AsrSegment; `path` names it in errors (`segments[3]`). */
export function validateSegment(path: string, value: unknown): AsrSegment {
  const json = object(path, value, ['text', 'time_interval', 'confidence', 'no_speech_confidence', 'words', 'speaker']);
  return {
    text: text(`${path}.text`, json.text),
    time_interval: timeInterval(`${path}.time_interval`, json.time_interval),
    confidence: confidence(`${path}.confidence`, json.confidence),
    no_speech_confidence: confidence(`${path}.no_speech_confidence`, json.no_speech_confidence),
    words: json.words === undefined ? [] : list(`${path}.words`, json.words, word),
    speaker: optionalText(`${path}.speaker`, json.speaker),
  };
}

/** A list of segments, as `transcript.segments` holds them. */
export function validateSegments(value: unknown, path = 'segments'): AsrSegment[] {
  return list(path, value, validateSegment);
}

function transcription(value: unknown): AsrTranscription {
  return { text: text('transcription.text', object('transcription', value, ['text']).text, '') };
}

function transcriptionInfo(value: unknown): AsrTranscriptionInfo {
  const json = object('transcription_info', value, ['language', 'language_confidence']);
  return {
    language: text('transcription_info.language', json.language, ''),
    language_confidence: json.language_confidence === undefined ? 0 : unit('transcription_info.language_confidence', json.language_confidence),
  };
}

/** Aana's ASR output, `{"transcription": {"text"}, "segments": […], "transcription_info": {…}}`, all three required. */
export function validateAsrOutput(value: unknown): AsrOutput {
  const json = object('', value, ['transcription', 'segments', 'transcription_info']);
  return { transcription: transcription(json.transcription), segments: validateSegments(json.segments), transcription_info: transcriptionInfo(json.transcription_info) };
}
