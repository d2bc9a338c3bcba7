import { type InputSource, type ReadProgress, utf8Text } from './input-text.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, LINE_FEED, OPEN_BRACE, OPEN_BRACKET, parseJsonRecord, QUOTE } from './json-record.js';
import type { InputItem } from './readers.js';
import { MAX_RECORD_CHARS } from './limits.js';
import { LineError, recordTooLong } from './records.js';

/**
 * Newline-delimited JSON: one record per line; blank lines are ignored. A line is held whole, so one
 * longer than MAX_RECORD_CHARS stops the read as soon as it is that long.
 */
export async function* readNdjson(source: InputSource, progress: ReadProgress): AsyncGenerator<InputItem> {
  let line = 0;
  let carry = '';
  const item = (text: string): InputItem | undefined => {
    line++;
    if (text.length > MAX_RECORD_CHARS) throw recordTooLong(line);
    if (text.trim() === '') return undefined;
    return parseJsonRecord(line, text);
  };
  for await (const text of utf8Text(source, progress)) {
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
    if (carry.length > MAX_RECORD_CHARS) throw recordTooLong(line + 1);
  }
  const last = item(carry);
  if (last) yield last;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * A JSON array of records, read element by element: the scanner finds where each top-level element
 * ends (outside strings) and parses only that element, so memory holds one record at a time (at
 * most MAX_RECORD_CHARS). Errors in the array itself (a missing element, a trailing comma) stop the
 * read, as nothing after them can be trusted.
 */
export async function* readJsonArray(source: InputSource, progress: ReadProgress): AsyncGenerator<InputItem> {
  let line = 1;
  let depth = 0;
  let started = false;
  let ended = false;
  let inString = false;
  let escaped = false;
  let pending = '';
  let inElement = false;
  let elementLine = 0;
  /** The line of the comma after the last element, until the next element begins. */
  let commaLine = 0;
  const structural = (at: number, reason: string) => new LineError(at, 'record', reason);
  for await (const text of utf8Text(source, progress)) {
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
        throw structural(line, ended ? 'unexpected text after the JSON array' : 'the input must be a JSON array of records');
      }
      if (depth === 1) {
        if (c === COMMA || c === CLOSE_BRACKET) {
          const element = inElement ? pending + text.slice(elementStart, i) : '';
          pending = '';
          inElement = false;
          elementStart = -1;
          if (element.length > MAX_RECORD_CHARS) throw recordTooLong(elementLine);
          if (element.length > 0) yield parseJsonRecord(elementLine, element);
          else if (c === COMMA) throw structural(line, 'invalid JSON: missing array element');
          else if (commaLine > 0) throw structural(commaLine, 'invalid JSON: trailing comma before the end of the array');
          commaLine = c === COMMA ? line : 0;
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
          commaLine = 0;
        }
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    }
    if (inElement) {
      pending += text.slice(elementStart);
      if (pending.length > MAX_RECORD_CHARS) throw recordTooLong(elementLine);
    }
  }
  if (!ended) throw structural(line, started ? 'invalid JSON: unexpected end of input inside the array' : 'the input must be a JSON array of records');
}
