import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { MAX_TEXT_LENGTH, validateMediaId, validateUrl, validateVideoInput } from '../../src/storage/validation.js';

describe('validateMediaId', () => {
  it.each(['a', 'A-b_9', 'x'.repeat(36), '2a92851e-2458-4484-9413-ab27daa62448'])('accepts %j', (id) => {
    expect(validateMediaId(id)).toBe(id);
  });

  it.each([
    ['', /id: must not be empty/],
    ['x'.repeat(37), /id: must be at most 36 characters, got 37/],
    ['a b', /may contain only letters/],
    ['a/b', /may contain only letters/],
    ['a.b', /may contain only letters/],
    ["a'b", /may contain only letters/],
    ['a\0b', /may contain only letters/],
    ['🎬', /may contain only letters/],
  ])('rejects %j', (id, message) => {
    expect(() => validateMediaId(id)).toThrow(ValidationError);
    expect(() => validateMediaId(id)).toThrow(message);
  });
});

describe('validateVideoInput', () => {
  it('needs a url or a path', () => {
    expect(() => validateVideoInput({ title: 't' })).toThrow(/^url: a video needs a url or a path$/);
    expect(validateVideoInput({ path: '/v.mp4' })).toEqual({ id: null, url: null, path: '/v.mp4', title: null, description: null });
    expect(validateVideoInput({ url: 'https://x.org/v.mp4', path: '/v.mp4', id: 'v1', title: '', description: 'd' })).toEqual({
      id: 'v1',
      url: 'https://x.org/v.mp4',
      path: '/v.mp4',
      title: '',
      description: 'd',
    });
  });

  it.each([
    [{ url: 'not a url' }, /^url: "not a url" is not an absolute URL/],
    [{ url: 'http://' }, /^url: "http:\/\/" is not a valid URL/],
    [{ url: '' }, /^url: must not be empty/],
    [{ path: '' }, /^path: must not be empty/],
    [{ path: '/a', title: 'a\0b' }, /^title: must not contain NUL bytes/],
    [{ path: '/a', description: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, /^description: must be at most 65536 characters/],
    [{ path: '/a', id: 'bad id' }, /^id: /],
  ])('rejects %j', (input, message) => {
    expect(() => validateVideoInput(input)).toThrow(message);
  });
});

describe('validateUrl', () => {
  it.each(['https://example.com/v.mp4', 's3://bucket/key.mp4', 'gs://bucket/a', 'file:///data/v.mp4', 'rtsp://cam:554/live', 'HTTPS://E.COM', 'x-y+z.w://h'])('accepts %j', (url) => {
    expect(validateUrl(url)).toBe(url);
  });

  it.each([
    ['javascript:alert(1)', 'url: "javascript:alert(1)" is not an absolute URL (scheme://…)'],
    ['foo:bar', 'url: "foo:bar" is not an absolute URL (scheme://…)'],
    ['javascript://%0Aalert(1)', 'url: "javascript://%0Aalert(1)": the javascript scheme is not a place to fetch a video from'],
    ['DATA://x', 'url: "DATA://x": the data scheme is not a place to fetch a video from'],
    ['file://', 'url: "file://" has no host or path after file://'],
    ['s3:///', 'url: "s3:///" has no host or path after s3://'],
    ['https://e.com/a\nb', 'url: must not contain control characters (U+000A at character 16)'],
    ['https://e.com/\u0085', 'url: must not contain control characters (U+0085 at character 15)'],
  ])('refuses %j', (url, message) => {
    expect(() => validateUrl(url)).toThrow(new ValidationError('url', message.slice('url: '.length)));
  });

  it('accepts exactly what has scheme://, no control character and an allowed scheme, among those the URL parser takes', () => {
    const text = fc.oneof(fc.webUrl(), fc.string({ unit: 'binary', maxLength: 30 }), fc.tuple(fc.webUrl(), fc.string({ maxLength: 5 })).map(([u, s]) => u + s));
    fc.assert(
      fc.property(text, (url) => {
        let accepted = true;
        try {
          validateUrl(url);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).message).toMatch(/^url: /);
          accepted = false;
        }
        const rule = /^[a-z][a-z0-9+.-]*:\/\/./i.test(url) && !/[\u0000-\u001f\u007f-\u009f]/.test(url) && !/^(javascript|vbscript|data):/i.test(url) && URL.canParse(url);
        expect(accepted, url).toBe(rule && (new URL(url).host !== '' || !['', '/'].includes(new URL(url).pathname)));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any accepted url once a control character is in it', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.nat(), fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f), (url, at, code) => {
        const i = at % (url.length + 1);
        expect(() => validateUrl(url.slice(0, i) + String.fromCharCode(code) + url.slice(i))).toThrow(/^url: must not contain control characters/);
      }),
    );
  });
});
