import { describe, expect, it } from 'vitest';
import { dbTimestampToIso, parseDbTimestamp, toSqlAlchemyText } from '../../src/storage/types/timestamp-text.js';

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
