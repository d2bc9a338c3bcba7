import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/commands/import-progress.js';

const state = fc.record({
  records: fc.nat({ max: 1e10 }),
  rate: fc.nat({ max: 1e7 }),
  bytes: fc.nat({ max: 1e12 }),
  size: fc.option(fc.integer({ min: 1, max: 1e12 }), { nil: undefined }),
  eta: fc.option(fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY)), { nil: undefined }),
});

describe('progressLine', () => {
  it('never reaches the last column of the terminal, at any width and any values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), state, (width, s) => {
        expect(progressLine(width, s).length).toBeLessThanOrEqual(Math.max(1, width - 1));
      }),
    );
  });

  it('keeps the record count as long as it fits, and shows everything on a wide terminal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 300 }), state, (width, s) => {
        expect(progressLine(width, s)).toContain(`${s.records} records`);
      }),
    );
    const wide = progressLine(200, { records: 1234, rate: 567, bytes: 50e6, size: 100e6, eta: 75 });
    expect(wide).toBe(`${'█'.repeat(20)}${'░'.repeat(20)} 50% | 1234 records | 567 records/s | 50.0 MB / 100.0 MB | ETA 1m15s`);
  });

  it('shrinks the bar, then drops the time left, the bytes, the rate and the percentage, in that order', () => {
    const s = { records: 1234, rate: 567, bytes: 25e6, size: 100e6, eta: 3 };
    const bar = (done: number, left: number) => `${'█'.repeat(done)}${'░'.repeat(left)}`;
    expect(progressLine(80, s)).toBe(`${bar(4, 10)} 25% | 1234 records | 567 records/s | 25.0 MB / 100.0 MB | ETA 3s`);
    expect(progressLine(60, s)).toBe(`${bar(6, 18)} 25% | 1234 records | 567 records/s`);
    expect(progressLine(45, s)).toBe(`${bar(6, 19)} 25% | 1234 records`);
    expect(progressLine(25, s)).toBe(`${bar(3, 8)} 1234 records`);
    expect(progressLine(20, s)).toBe('1234 records');
    expect(progressLine(5, s)).toBe('1234');
  });

  it('without a known size shows no bar: records, rate and bytes read', () => {
    expect(progressLine(80, { records: 10, rate: 5, bytes: 2e6 })).toBe('10 records | 5 records/s | 2.0 MB read');
    expect(progressLine(30, { records: 10, rate: 5, bytes: 2e6 })).toBe('10 records | 5 records/s');
  });
});
