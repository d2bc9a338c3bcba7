import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { MAX_TEXT_LENGTH, validateMediaId, validateVideoInput } from '../../src/storage/validation.js';

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
