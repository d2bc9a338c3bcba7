import type { Readable } from 'node:stream';
import { type CastingContext, parse as parseCsv } from 'csv-parse';
import { VIDEO_RECORD_KEYS } from '../repositories/video.repository.js';
import { LineError } from './records.js';

export const IMPORT_FORMATS = ['ndjson', 'csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One input record, or the reason it could not be read (skippable with --skip-invalid). */
export type InputItem = { line: number; value: unknown; error?: undefined } | { line: number; error: LineError; value?: undefined };

/** Counts the bytes a reader has taken from its source, for the progress bar. */
export interface ReadProgress {
  bytes: number;
}

/** The offset of the first byte in `bytes` that does not belong to a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    for (let k = 1; k < size; k++) {
      // A sequence cut off by the end of the chunk is completed by the next one.
      if (i + k >= bytes.length) return bytes.length;
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += size;
  }
  return bytes.length;
}

function countLineFeeds(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * The source as text. Invalid UTF-8 stops the read with the line it is on (a line feed byte never
 * occurs inside a multi-byte character, so counting them gives the physical line): silently
 * replacing the bytes would store text that was never in the file.
 */
async function* decoded(source: Readable, progress: ReadProgress): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let lineFeeds = 0;
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    progress.bytes += buffer.length;
    let text: string;
    try {
      text = decoder.decode(buffer, { stream: true });
    } catch {
      throw new LineError(lineFeeds + countLineFeeds(buffer, firstInvalidUtf8(buffer)) + 1, 'record', 'invalid UTF-8');
    }
    lineFeeds += countLineFeeds(buffer);
    if (text.length > 0) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new LineError(lineFeeds + 1, 'record', 'invalid UTF-8 at the end of the input');
  }
  if (rest.length > 0) yield rest;
}

function jsonError(line: number, error: unknown): LineError {
  return new LineError(line, 'record', `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
}

/** Newline-delimited JSON: one record per line; blank lines are ignored. */
export async function* readNdjson(source: Readable, progress: ReadProgress): AsyncGenerator<InputItem> {
  let line = 0;
  let carry = '';
  const item = (text: string): InputItem | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    try {
      return { line, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { line, error: jsonError(line, error) };
    }
  };
  for await (const text of decoded(source, progress)) {
    let start = 0;
    let end = text.indexOf('\n');
    if (end >= 0 && carry.length > 0) {
      const result = item(carry + text.slice(0, end));
      carry = '';
      if (result) yield result;
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    while (end >= 0) {
      const result = item(text.slice(start, end));
      if (result) yield result;
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry += text.slice(start);
  }
  const last = item(carry);
  if (last) yield last;
}

/** Character codes the JSON array scanner looks for. */
const LINE_FEED = 10;
const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * A JSON array of records, read element by element: the scanner finds where each top-level element
 * ends (outside strings) and parses only that element, so memory holds one record at a time.
 */
export async function* readJsonArray(source: Readable, progress: ReadProgress): AsyncGenerator<InputItem> {
  let line = 1;
  let depth = 0;
  let started = false;
  let ended = false;
  let inString = false;
  let escaped = false;
  let pending = '';
  let inElement = false;
  let elementLine = 0;
  const structural = (reason: string) => new LineError(line, 'record', reason);
  for await (const text of decoded(source, progress)) {
    let elementStart = inElement ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LINE_FEED) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (depth === 0) {
        if (isSpace(c)) continue;
        if (c === OPEN_BRACKET && !started) {
          started = true;
          depth = 1;
          continue;
        }
        throw structural(ended ? 'unexpected text after the JSON array' : 'the input must be a JSON array of records');
      }
      if (depth === 1) {
        if (c === COMMA || c === CLOSE_BRACKET) {
          const element = inElement ? pending + text.slice(elementStart, i) : '';
          pending = '';
          inElement = false;
          elementStart = -1;
          if (element.length > 0) {
            try {
              yield { line: elementLine, value: JSON.parse(element) as unknown };
            } catch (error) {
              yield { line: elementLine, error: jsonError(elementLine, error) };
            }
          } else if (c === COMMA) {
            throw structural('invalid JSON: missing array element');
          }
          if (c === CLOSE_BRACKET) {
            depth = 0;
            ended = true;
          }
          continue;
        }
        if (!inElement) {
          if (isSpace(c)) continue;
          inElement = true;
          elementStart = i;
          elementLine = line;
        }
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    }
    if (inElement) pending += text.slice(elementStart);
  }
  if (!ended) throw structural(started ? 'invalid JSON: unexpected end of input inside the array' : 'the input must be a JSON array of records');
}

/**
 * CSV with a header row naming the record keys (RFC 4180, through csv-parse). An empty unquoted
 * field is null and `""` is an empty string, as the CSV output writes them.
 */
export async function* readCsv(source: Readable, progress: ReadProgress, skipInvalid: boolean): AsyncGenerator<InputItem> {
  const known = new Set<string>(VIDEO_RECORD_KEYS);
  const skipped: LineError[] = [];
  const parser = parseCsv({
    bom: true,
    info: true,
    columns: (header: string[]) => {
      for (const key of header) if (!known.has(key)) throw new LineError(1, key, `unknown column (expected ${VIDEO_RECORD_KEYS.join(', ')})`);
      return header;
    },
    cast: (value: string, context: CastingContext) => (context.header || value !== '' || context.quoting ? value : null),
    skip_records_with_error: skipInvalid,
    on_skip: (error) => {
      if (error) skipped.push(new LineError(Number(error.lines ?? 0), 'record', `invalid CSV: ${error.message}`));
      return undefined;
    },
  });
  const counted = source.on('data', (chunk: Buffer | string) => (progress.bytes += chunk.length));
  counted.pipe(parser);
  source.on('error', (error) => parser.destroy(error));
  try {
    for await (const entry of parser as AsyncIterable<{ record: Record<string, string | null>; info: { lines: number } }>) {
      while (skipped.length > 0) {
        const error = skipped.shift() as LineError;
        yield { line: error.line, error };
      }
      yield { line: entry.info.lines, value: entry.record };
    }
  } catch (error) {
    if (error instanceof LineError) throw error;
    const csv = error as { code?: string; lines?: number; message?: string };
    if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) throw new LineError(csv.lines ?? 0, 'record', `invalid CSV: ${csv.message ?? csv.code}`);
    throw error;
  }
  for (const error of skipped) yield { line: error.line, error };
}

export function readRecords(format: ImportFormat, source: Readable, progress: ReadProgress, skipInvalid: boolean): AsyncGenerator<InputItem> {
  switch (format) {
    case 'ndjson':
      return readNdjson(source, progress);
    case 'json':
      return readJsonArray(source, progress);
    case 'csv':
      return readCsv(source, progress, skipInvalid);
  }
}
