import { describe, expect, it } from 'vitest';
import { escapeControls, NotFoundError, quoted } from '../../src/errors.js';
import { resolveChoice } from '../../src/cli/choices.js';
import { didYouMean } from '../../src/cli/suggest.js';

describe('quoted', () => {
  it('quotes JSON-style, escaping quotes, backslashes and control characters', () => {
    expect(quoted('a b')).toBe('"a b"');
    expect(quoted('a\nb\r\t"\\\u001b\u007f')).toBe('"a\\nb\\r\\t\\"\\\\\\u001b\\u007f"');
  });

  it('cuts a long value to 80 characters with …, never inside a surrogate pair', () => {
    expect(quoted('x'.repeat(10_000))).toBe(`"${'x'.repeat(80)}…"`);
    expect(quoted('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
    expect(quoted('🎬'.repeat(100))).toBe(`"${'🎬'.repeat(80)}…"`);
  });

  it('escapeControls leaves printable text alone and puts control characters on one line', () => {
    expect(escapeControls('plain – text')).toBe('plain – text');
    expect(escapeControls('one\ntwo\u2028three')).toBe('one\\ntwo\\u2028three');
  });

  it('NotFoundError quotes each id and names how many more', () => {
    expect(new NotFoundError('video', 'a\nb').message).toBe('video not found: "a\\nb"');
    expect(new NotFoundError('video', ['a', 'b', 'c', 'd', 'e', 'f', 'g']).message).toBe('video not found: "a", "b", "c", "d", "e" and 2 more');
  });
});

describe('didYouMean', () => {
  it('finds typos, other cases and common synonyms', () => {
    expect(didYouMean('titel', ['created_at', 'title', 'url'])).toBe('title');
    expect(didYouMean('JSN', ['table', 'json', 'ndjson'])).toBe('json');
    expect(didYouMean('rm', ['add', 'get', 'delete'])).toBe('delete');
    expect(didYouMean('ls', ['add', 'list'])).toBe('list');
  });

  it('suggests nothing far off, nor a synonym that is not a candidate', () => {
    expect(didYouMean('xml', ['table', 'json', 'ndjson', 'csv', 'tsv', 'ids'])).toBeUndefined();
    expect(didYouMean('rm', ['add', 'list'])).toBeUndefined();
    expect(didYouMean('x'.repeat(10_000), ['title'])).toBeUndefined();
  });
});

describe('resolveChoice', () => {
  const formats = ['table', 'json', 'ndjson', 'csv'];

  it('takes any case, and jsonl for ndjson where ndjson is a choice', () => {
    expect(resolveChoice('JSON', formats, '--format', 'format')).toBe('json');
    expect(resolveChoice('Csv', formats, '--format', 'format')).toBe('csv');
    expect(resolveChoice('jsonl', formats, '--format', 'format')).toBe('ndjson');
    expect(resolveChoice('JSONL', formats, '--format', 'format')).toBe('ndjson');
  });

  it('refuses other values with a suggestion or the list', () => {
    expect(() => resolveChoice('jsonl', ['id', 'json'], '--format', 'format')).toThrow('--format: unknown format "jsonl"; did you mean "json"?');
    expect(() => resolveChoice('xml', formats, '--format', 'format')).toThrow('--format: unknown format "xml" (one of table, json, ndjson, csv)');
  });
});
