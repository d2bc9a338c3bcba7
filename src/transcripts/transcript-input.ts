import { extname } from 'node:path';
import { ValidationError } from '../errors.js';
import { validateAsrOutput } from './asr-json.js';
import { type AsrOutput, outputFromCues } from './segments.js';
import { parseSrt } from './srt.js';
import { parseVtt } from './vtt.js';
import { jsonFaultOffset } from './json-syntax.js';
import { TRANSCRIPT_INPUT_FORMATS, type TranscriptInputFormat } from './formats.js';

export { TRANSCRIPT_INPUT_FORMATS, type TranscriptInputFormat };

/**
 * The format of an input: by the file's extension (`.json`, `.srt`, `.vtt`, any case) when it has
 * one of those, otherwise (stdin, other names) by its start: `{` is JSON, `WEBVTT` is WebVTT, and
 * anything else is read as SubRip.
 */
export function transcriptFormatOf(fileName: string | undefined, text: string): TranscriptInputFormat {
  const extension = extname(fileName ?? '').slice(1).toLowerCase();
  if ((TRANSCRIPT_INPUT_FORMATS as readonly string[]).includes(extension)) return extension as TranscriptInputFormat;
  const start = text.replace(/^\uFEFF?\s*/, '');
  if (start.startsWith('{')) return 'json';
  return /^WEBVTT([ \t\r\n]|$)/.test(start) ? 'vtt' : 'srt';
}

/** JSON.parse with the fault as a line and column where the parser tells it: its own message quotes the input. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1] ?? (message.includes('end of JSON input') ? text.length : jsonFaultOffset(text));
    if (position === undefined) throw new ValidationError('input', 'not valid JSON');
    const before = text.slice(0, Number(position)).split(/\r\n|\r|\n/);
    throw new ValidationError(`line ${before.length}`, `not valid JSON (column ${before[before.length - 1].length + 1})`);
  }
}

/** A transcript from its text in `format`; subtitles become segments with Aana's defaults for what they lack. */
export function parseTranscript(text: string, format: TranscriptInputFormat): AsrOutput {
  switch (format) {
    case 'json':
      return validateAsrOutput(parseJson(text.replace(/^\uFEFF/, '')));
    case 'srt':
      return outputFromCues(parseSrt(text));
    case 'vtt':
      return outputFromCues(parseVtt(text));
  }
}
