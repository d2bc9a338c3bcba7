import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { validateCaption } from '../../src/transcripts/captions.js';
import { validationMessage } from '../helpers/validation-message.js';

describe('validateCaption', () => {
  it('takes a record from NDJSON, and the text CSV gives for numbers', () => {
    expect(validateCaption({ frame_id: 0, timestamp: 0, caption: '' })).toEqual({ frame_id: 0, timestamp: 0, caption: '' });
    expect(validateCaption({ caption: 'A cat on a mat', timestamp: 12.5, frame_id: 300 })).toEqual({ frame_id: 300, timestamp: 12.5, caption: 'A cat on a mat' });
    expect(validateCaption({ frame_id: '300', timestamp: '1.25e1', caption: 'x' }, 4)).toEqual({ frame_id: 300, timestamp: 12.5, caption: 'x' });
    expect(validateCaption({ frame_id: 2147483647, timestamp: 1e9, caption: 'x' }).frame_id).toBe(2147483647);
  });

  it.each<[unknown, string]>([
    [{ frame_id: -1, timestamp: 0, caption: 'x' }, 'line 7: frame_id: must be an integer from 0 to 2147483647, got -1'],
    [{ frame_id: 1.5, timestamp: 0, caption: 'x' }, 'line 7: frame_id: must be an integer from 0 to 2147483647, got 1.5'],
    [{ frame_id: 2147483648, timestamp: 0, caption: 'x' }, 'line 7: frame_id: must be an integer from 0 to 2147483647, got 2147483648'],
    [{ frame_id: 'ten', timestamp: 0, caption: 'x' }, 'line 7: frame_id: must be a number, got "ten"'],
    [{ frame_id: '', timestamp: 0, caption: 'x' }, 'line 7: frame_id: must be a number, got ""'],
    [{ frame_id: true, timestamp: 0, caption: 'x' }, 'line 7: frame_id: must be a number, got boolean'],
    [{ timestamp: 0, caption: 'x' }, 'line 7: frame_id: is required'],
    [{ frame_id: null, timestamp: 0, caption: 'x' }, 'line 7: frame_id: is required'],
    [{ frame_id: 1, timestamp: -0.04, caption: 'x' }, 'line 7: timestamp: must not be negative, got -0.04'],
    [{ frame_id: 1, timestamp: 'NaN', caption: 'x' }, 'line 7: timestamp: must be a number, got "NaN"'],
    [{ frame_id: 1, timestamp: 'Infinity', caption: 'x' }, 'line 7: timestamp: must be a number, got "Infinity"'],
    [{ frame_id: 1, timestamp: 2e9, caption: 'x' }, 'line 7: timestamp: must be at most 1000000000 seconds, got 2000000000'],
    [{ frame_id: 1, timestamp: 0 }, 'line 7: caption: is required'],
    [{ frame_id: 1, timestamp: 0, caption: 3 }, 'line 7: caption: must be a string, got number'],
    [{ frame_id: 1, timestamp: 0, caption: 'a\0' }, 'line 7: caption: must not contain NUL (at character 2)'],
    [{ frame_id: 1, timestamp: 0, caption: 'x', frame: 2 }, 'line 7: frame: unknown field (expected frame_id, timestamp, caption)'],
    [[1, 0, 'x'], 'line 7: record: must be an object with frame_id, timestamp and caption'],
    ['x', 'line 7: record: must be an object with frame_id, timestamp and caption'],
  ])('refuses %j, naming the line and field', (record, message) => {
    expect(validationMessage(() => validateCaption(record, 7))).toBe(message);
  });

  it('names the field alone without a line', () => {
    expect(() => validateCaption({ frame_id: -1, timestamp: 0, caption: 'x' })).toThrow(/^frame_id: must be/);
  });

  it('throws nothing but ValidationError on arbitrary records', () => {
    const value = fc.oneof(fc.jsonValue(), fc.string(), fc.double());
    const record = fc.record({ frame_id: value, timestamp: value, caption: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(record, fc.jsonValue()), (r) => {
        try {
          const c = validateCaption(r, 1);
          expect(Number.isInteger(c.frame_id) && c.frame_id >= 0 && c.timestamp >= 0).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
