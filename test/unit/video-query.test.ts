import { describe, expect, it } from 'vitest';
import { UsageError, ValidationError } from '../../src/errors.js';
import { selectFields } from '../../src/cli/output/records.js';
import { globToRegex, parseGlob } from '../../src/storage/repositories/glob.js';
import { parseInstant, parseSort, substringPattern, videoListQuery } from '../../src/storage/repositories/video-query.js';
import { parseSearchQuery } from '../../src/storage/search/query-syntax.js';

describe('parseInstant', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it.each([
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31T08:30:00Z', '2026-01-31T08:30:00.000Z'],
    ['2026-01-31T08:30', '2026-01-31T08:30:00.000Z'],
    ['2026-01-31 08:30:00+02:00', '2026-01-31T06:30:00.000Z'],
    ['7d', '2026-03-03T12:00:00.000Z'],
    ['2w', '2026-02-24T12:00:00.000Z'],
    ['12h', '2026-03-10T00:00:00.000Z'],
    ['30m', '2026-03-10T11:30:00.000Z'],
    ['45s', '2026-03-10T11:59:15.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseInstant(text, 'since', now).toISOString()).toBe(iso);
  });
  it.each(['yesterday', '7 days', '2026-13-01', '2026-02-30x', '-7d', ''])('%j is refused naming the field', (text) => {
    expect(() => parseInstant(text, 'since', now)).toThrow(ValidationError);
    expect(() => parseInstant(text, 'since', now)).toThrow(/^since: /);
  });
});

describe('parseSort', () => {
  it('takes a field and an optional direction', () => {
    expect(parseSort('title')).toEqual({ field: 'title', direction: 'asc' });
    expect(parseSort('updated_at:desc')).toEqual({ field: 'updated_at', direction: 'desc' });
  });
  it('refuses fields off the allow-list and unknown directions', () => {
    expect(() => parseSort('media_type')).toThrow('sort: "media_type" is not a sortable field');
    expect(() => parseSort('title:down')).toThrow('sort: direction must be asc or desc');
    expect(() => parseSort('title:asc:x')).toThrow(ValidationError);
  });
});

describe('patterns', () => {
  it('a substring pattern escapes LIKE wildcards', () => {
    expect(substringPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
  it('a glob becomes an anchored regular expression with the same meaning', () => {
    const regex = (glob: string) => globToRegex(parseGlob(glob, 'url'));
    const re = (glob: string) => new RegExp(regex(glob).replace(/\\U([0-9a-f]{8})/g, (_, h: string) => `\\u{${h.replace(/^0+/, '')}}`), 'u');
    expect(regex('https://a.example/*.mp4')).toBe('^https\\u003a\\u002f\\u002fa\\u002eexample\\u002f.*\\u002emp4$');
    expect(re('/data/v?.mp4').test('/data/v1.mp4')).toBe(true);
    expect(re('/data/v?.mp4').test('/data/v12.mp4')).toBe(false);
    expect(re('/data/[ab]*').test('/data/b-side')).toBe(true);
    expect(re('/data/[^ab]*').test('/data/b-side')).toBe(false);
    expect(re('a(b)+c').test('a(b)+c')).toBe(true);
    expect(() => regex('[unclosed')).toThrow('url: "[unclosed": the [ at character 1 is not closed (write [[] for a literal [)');
    expect(() => regex('*[z-a]*')).toThrow('url: "*[z-a]*": the range z-a is reversed');
  });
});

describe('the list query', () => {
  const sqlite = { sqlite: true, quote: (id: string) => `\`${id}\`` };
  const pg = { sqlite: false, quote: (id: string) => `"${id}"` };
  const tables = { media: 'media', video: 'video', extended: 'extended_video' };
  it('pages on (created_at, id) with a row-value comparison by default', () => {
    const { sql, params } = videoListQuery(pg, tables, { cursor: { key: '2026-01-01 00:00:00.123456+00', id: 'a' }, limit: 5 });
    expect(sql).toContain('(m.created_at, m.id) > (?::timestamptz, ?)');
    expect(sql).toMatch(/order by m.created_at asc, m.id asc limit \?$/);
    expect(params).toEqual(['video', 'extended_video', '2026-01-01 00:00:00.123456+00', 'a', 5]);
  });
  it('on a nullable video column, ties go to v.id and NULLs follow the database order', () => {
    const asc = videoListQuery(sqlite, tables, { sort: { field: 'title', direction: 'asc' }, cursor: { key: null, id: 'a' }, limit: 5 });
    expect(asc.sql).toContain('from `video` v cross join `media` m left join `extended_video` e on e.id = v.id');
    expect(asc.sql).toContain('((v.title is null and v.id > ?) or v.title is not null)');
    const desc = videoListQuery(pg, tables, { sort: { field: 'title', direction: 'desc' }, cursor: { key: 'T', id: 'a' }, limit: 5 });
    expect(desc.sql).toContain('(v.title < ? or (v.title = ? and v.id < ?))');
    expect(desc.sql).toMatch(/order by v.title desc, v.id desc limit \?$/);
  });
});

describe('output fields and search words', () => {
  it('--fields picks and orders known keys', () => {
    expect(selectFields(['id', 'title', 'url'], 'url,id')).toEqual(['url', 'id']);
    expect(selectFields(['id', 'title'], undefined)).toEqual(['id', 'title']);
    expect(() => selectFields(['id'], 'id,nope')).toThrow(UsageError);
    expect(() => selectFields(['id'], ' , ')).toThrow('--fields: name at least one field');
  });
  it('the search syntax: words, phrases, prefixes, OR, exclusions; what takes no part is named', () => {
    expect(parseSearchQuery('  cats -- "dogs and" ep* a OR b -c NOT d AND OR')).toEqual({
      all: [[{ text: 'cats', prefix: false }], [{ text: 'dogs and', prefix: false }], [{ text: 'ep', prefix: true }], [{ text: 'a', prefix: false }, { text: 'b', prefix: false }]],
      none: [{ text: 'c', prefix: false }, { text: 'd', prefix: false }],
      ignored: ['"--" (no letter or digit)', '"AND" (AND is the default)', '"OR" (OR with nothing before it)'],
    });
    expect(() => parseSearchQuery(' -- ')).toThrow('words: give at least one word with a letter or digit to search for (ignored: "--" (no letter or digit))');
    expect(() => parseSearchQuery('x'.repeat(2048))).toThrow('words: a word may be at most 2047 bytes long, got 2048');
  });
});
