import { describe, expect, it } from 'vitest';
import { FILTERABLE_FIELDS, SORT_FIELDS, UPDATABLE_FIELDS, VIDEO_FIELD_KEYS, VIDEO_FIELDS, VIDEO_RECORD_KEYS } from '../../src/storage/entities/video.fields.js';
import { validateVideoInput } from '../../src/storage/validation.js';
import { STAGE_COLUMNS } from '../../src/storage/bulk/pg-copy.js';
import { VIDEO_COLUMNS } from '../../src/storage/repositories/video-query.js';

describe('the video field table and what is derived from it', () => {
  it('keys are plain lower-case SQL identifiers: the SQL written by hand uses them unquoted', () => {
    for (const key of VIDEO_FIELD_KEYS) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(new Set(VIDEO_FIELD_KEYS).size).toBe(VIDEO_FIELD_KEYS.length);
  });

  it('records, sort, filters and update keep the order the CLI has always shown', () => {
    expect(VIDEO_RECORD_KEYS).toEqual(['id', 'url', 'path', 'title', 'description', 'duration', 'status', 'created_at', 'updated_at']);
    expect(SORT_FIELDS).toEqual(['created_at', 'updated_at', 'id', 'title', 'description', 'url', 'path', 'duration']);
    expect(UPDATABLE_FIELDS).toEqual(['title', 'description', 'url', 'path']);
    expect(FILTERABLE_FIELDS.map((f) => f.key)).toEqual(['title', 'description', 'url', 'path']);
  });

  it('the select list and the staging table carry every field, in record order', () => {
    expect(VIDEO_COLUMNS).toBe('m.id, v.url, v.path, v.title, v.description, e.duration, e.status, m.created_at, m.updated_at');
    expect(STAGE_COLUMNS).toBe(
      'line bigint not null, id varchar(36) not null, url varchar, path varchar, title varchar, description varchar, duration double precision, status videoprocessingstatus, created_at timestamptz, updated_at timestamptz',
    );
  });

  it('validation covers every field: unset ones come back null, a locator is required', () => {
    expect(validateVideoInput({ path: '/v.mp4' })).toEqual({ id: null, ...Object.fromEntries(VIDEO_FIELD_KEYS.map((k) => [k, null])), path: '/v.mp4' });
    expect(() => validateVideoInput({ title: 'no locator' })).toThrow('url: a video needs a url or a path');
    for (const field of VIDEO_FIELDS) expect(() => validateVideoInput({ path: '/v', url: 'https://h/v', [field.key]: 7 })).toThrow(`${field.key}: must be a string, got number`);
  });
});
