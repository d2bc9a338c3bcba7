import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonFaultOffset } from '../../src/transcripts/json-syntax.js';
import { parseTranscript } from '../../src/transcripts/transcript-input.js';

describe('jsonFaultOffset', () => {
  it.each([
    ['[1,]', 3],
    ['{"a":tru}', 8],
    ['{\n  "segments": [,]\n}', 17],
    ['{"a": "\\x"}', 8],
    ['{"a": "b\u0001"}', 8],
    ['{"a" 1}', 5],
    ['[01]', 2],
    ['{} x', 3],
  ])('%j goes wrong at %i', (text, offset) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(jsonFaultOffset(text)).toBe(offset);
  });

  it('finds no fault in any JSON that JSON.stringify writes', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
          expect(jsonFaultOffset(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeUndefined();
        }), { numRuns: 300 });
  });

  it('names a place inside the text for any text JSON.parse refuses', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '1', '-', '.5', 'true', 'nul', ' ', '\n', '"\\', '\\u12');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const offset = jsonFaultOffset(text);
        if (valid) expect(offset).toBeUndefined();
        else expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('gives transcript add the line and column of the fault', () => {
    expect(() => parseTranscript('{\n  "transcription": {"text": "x"},\n  "segments": [,]\n}\n', 'json')).toThrow('line 3: not valid JSON (column 16)');
  });
});
