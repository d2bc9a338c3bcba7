import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames } from '../../scripts/bundle/name-order.js';

const sign = (x: string, y: string) => Math.sign(x.localeCompare(y));
/** Names close to each other (few characters), so that case and prefixes decide often. */
const plainName = fc.string({ unit: fc.constantFrom(...'aAbB_$09zZ'), maxLength: 6 });

describe('compareNames (the bundle sorts entity names with it instead of localeCompare)', () => {
  it('answers as localeCompare does for names of letters, digits, "_" and "$"', () => {
    fc.assert(fc.property(plainName, plainName, (x, y) => {
      expect(compareNames(x, y)).toBe(sign(x, y));
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_$]{0,12}$/), fc.stringMatching(/^[A-Za-z0-9_$]{0,12}$/), (x, y) => {
      expect(compareNames(x, y)).toBe(sign(x, y));
    }), { numRuns: 5000 });
  });

  it('answers as localeCompare does for any other name too', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (x, y) => {
      expect(compareNames(x, y)).toBe(sign(x, y));
    }));
    expect(compareNames('Émile', 'Emile')).toBe(sign('Émile', 'Emile'));
  });

  it('orders the entities as MikroORM does', () => {
    const names = ['VideoEntity', 'MediaEntity', 'ExtendedVideoEntity', 'videoEntity', 'Video2Entity', 'Video_Entity', 'CaptionEntity', 'TranscriptEntity', 'ExtendedVideoCaptionEntity'];
    expect([...names].sort(compareNames)).toEqual([...names].sort((x, y) => x.localeCompare(y)));
    // Not the order of code units, which puts capitals first.
    expect([...names].sort(compareNames)).not.toEqual([...names].sort());
  });
});
