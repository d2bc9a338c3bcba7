/// <reference lib="es2024.string" />
import type { InputItem } from './readers.js';
import { LineError } from './records.js';

/** Character codes the JSON scanners look for. */
export const LINE_FEED = 10;
export const QUOTE = 34;
export const COMMA = 44;
export const COLON = 58;
export const BACKSLASH = 92;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

/** The offset just past the string that opens at `start` (text is valid JSON). */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end + 1;
    end = text.indexOf('"', end + 1);
  }
}

/**
 * The members of the top-level object in `text`, which JSON.parse has accepted: in valid JSON every
 * member has exactly one colon outside strings at depth 1, so counting them counts the members,
 * repeated keys included (which JSON.parse silently merges, the last one winning). Strings are
 * skipped with indexOf, so the cost is small next to JSON.parse itself.
 */
function memberCount(text: string, onKey?: (key: string) => void): number {
  let members = 0;
  let depth = 0;
  let lastString = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      lastString = i;
      i = stringEnd(text, i) - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COLON && depth === 1) {
      members++;
      onKey?.(JSON.parse(text.slice(lastString, stringEnd(text, lastString))) as string);
    }
  }
  return members;
}

/** The first key that occurs twice in the object `text` (slow path, only for a record that has one). */
function repeatedKey(text: string): string {
  const seen = new Set<string>();
  let repeated = '';
  memberCount(text, (key) => {
    if (seen.has(key) && repeated === '') repeated = key;
    seen.add(key);
  });
  return repeated;
}

/** `\ud800` for the first lone surrogate in a string that is not well-formed Unicode. */
function loneSurrogate(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return `\\u${c.toString(16)}`;
  }
  return '';
}

function jsonError(line: number, error: unknown): LineError {
  return new LineError(line, 'record', `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * One JSON record: parsed, then refused when it repeats a key (the other formats refuse a repeated
 * column; JSON.parse would keep the last) or holds a string that is not Unicode text (a `\ud800`
 * escape alone, which the database would store as U+FFFD).
 */
export function parseJsonRecord(line: number, text: string): InputItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: jsonError(line, error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, value };
  const record = value as Record<string, unknown>;
  // Decoded UTF-8 holds no lone surrogate: only a \u escape can make one.
  if (text.includes('\\u')) {
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (!key.isWellFormed()) return { line, error: new LineError(line, key, `the key holds a lone surrogate (${loneSurrogate(key)}), which is not Unicode text`) };
      if (typeof field === 'string' && !field.isWellFormed()) return { line, error: new LineError(line, key, `holds a lone surrogate (${loneSurrogate(field)}), which is not Unicode text`) };
    }
  }
  if (memberCount(text) !== Object.keys(record).length) return { line, error: new LineError(line, repeatedKey(text), 'duplicate field') };
  return { line, value };
}
