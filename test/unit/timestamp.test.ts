import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dbTimestampToIso, EARLIEST, LATEST, parseDbTimestamp, parseTimestamp, toSqlAlchemyText } from '../../src/storage/types/timestamp-text.js';

const supported = fc.date({ min: new Date(EARLIEST), max: new Date(LATEST), noInvalidDate: true });

describe('parseTimestamp and toSqlAlchemyText', () => {
  it('read back every supported instant exactly, from toISOString (the fast path) and from the same instant spelt otherwise', () => {
    fc.assert(
      fc.property(supported, (date) => {
        const iso = date.toISOString();
        expect(parseTimestamp(iso, 'at').getTime()).toBe(date.getTime());
        expect(parseTimestamp(`${iso.slice(0, 23)}+00:00`, 'at').getTime()).toBe(date.getTime());
        expect(parseTimestamp(iso.replace('T', ' '), 'at').getTime()).toBe(date.getTime());
        const text = toSqlAlchemyText(date);
        expect(text).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 23)}000`);
        expect(parseDbTimestamp(text).getTime()).toBe(date.getTime());
      }),
    );
  });

  it('refuse in the toISOString form what they refuse in any other', () => {
    expect(() => parseTimestamp('2026-02-30T00:00:00.000Z', 'at')).toThrow('"2026-02-30T00:00:00.000Z" is not a date the calendar has');
    expect(() => parseTimestamp('2026-01-01T24:00:00.000Z', 'at')).toThrow('is not a date the calendar has');
    expect(() => parseTimestamp('0000-12-31T23:59:59.999Z', 'at')).toThrow('is outside the supported range');
    expect(parseTimestamp('2024-02-29T12:00:00.000Z', 'at').toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(() => parseTimestamp('2100-02-29T00:00:00.000Z', 'at')).toThrow('is not a date the calendar has');
    expect(parseTimestamp('2000-02-29T00:00:00.000Z', 'at').toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it('read any text in the toISOString shape as the same text spelt with an offset (off the fast path) reads', () => {
    // Near the edges of every field, so that most texts are on a day the calendar has or just past it.
    const part = (min: number, max: number, width: number) => fc.integer({ min, max }).map((n) => String(n).padStart(width, '0'));
    const shaped = fc
      .tuple(part(0, 9999, 4), part(0, 13, 2), part(0, 32, 2), part(0, 24, 2), part(0, 60, 2), part(0, 60, 2), part(0, 999, 3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}`);
    const outcome = (text: string) => {
      try {
        return parseTimestamp(text, 'at').getTime();
      } catch (error) {
        return (error as Error).message.replace('+00:00', 'Z');
      }
    };
    fc.assert(
      fc.property(shaped, (text) => {
        expect(outcome(`${text}Z`)).toEqual(outcome(`${text}+00:00`));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('dbTimestampToIso', () => {
  it('gives what parseDbTimestamp gives, on the fast path and off it', () => {
    const samples: unknown[] = [
      '2024-01-01 00:00:00.000000',
      '2024-02-29 23:59:59.999999',
      '2023-02-31 12:00:00.000000',
      '1999-12-31 23:59:59.123456',
      '0050-01-01 00:00:00.000000',
      '2024-06-30 10:11:12',
      '2024-06-30T10:11:12.5+02:00',
      '2024-06-30 10:11:12.123456789Z',
      new Date(Date.UTC(2030, 4, 6, 7, 8, 9, 10)),
      1_700_000_000_123,
    ];
    for (let i = 0; i < 2000; i++) samples.push(toSqlAlchemyText(new Date(Date.UTC(1970, 0, 1) + i * 1_234_567_891)));
    for (const value of samples) expect(dbTimestampToIso(value), String(value)).toBe(parseDbTimestamp(value).toISOString());
  });

  it('reads years before 100 as themselves, not as 1900-1999', () => {
    expect(parseDbTimestamp('0050-01-01 00:00:00.000000').toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect(parseDbTimestamp('0001-01-01 00:00:00+00').toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(dbTimestampToIso('0099-12-31 23:59:59.999000')).toBe('0099-12-31T23:59:59.999Z');
  });

  it('refuses what is not a timestamp, as parseDbTimestamp does', () => {
    expect(() => dbTimestampToIso('yesterday')).toThrow(TypeError);
  });
});
