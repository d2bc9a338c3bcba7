import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { pgAvailable } from '../helpers/pg.js';
import { runInProcess } from '../helpers/run.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

const ALPHABET = [...'abzA/-]![^*?.é😀\\'];
const PATHS = ['/data/1', '/data/[1', '/data/a-b', '/data/]x', '/data/^', '/data/!', '/data/*', '/data/é😀', '/data/\\z', '/data/ab', 'a\nb'];

async function load(db: Backend, paths: string[]): Promise<void> {
  const ids = paths.map((_, i) => `p${i}`);
  await db.query(`insert into media (id, media_type) values ${ids.map(() => "(?, 'video')").join(', ')}`, ids);
  await db.query(`insert into video (id, path) values ${ids.map(() => '(?, ?)').join(', ')}`, ids.flatMap((id, i) => [id, paths[i]]));
}

/** The paths a glob matches, or the usage error it gives. */
async function matches(store: Store, paths: string[], glob: string): Promise<string[] | string> {
  try {
    const found: string[] = [];
    for await (const record of store.videos().list({ filter: { path: glob } })) found.push(paths[Number(record.id.slice(1))]);
    return found.sort();
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
}

const GLOBS: Array<[string, string[] | string]> = [
  ['/data/[1*', 'path: "/data/[1*": the [ at character 7 is not closed (write [[] for a literal [)'],
  ['/data/[[]1', ['/data/[1']],
  ['*[z-a]*', 'path: "*[z-a]*": the range z-a is reversed'],
  ['*[[:alpha:]]*', []],
  ['/data/[]]x', ['/data/]x']],
  ['/data/[!a-z1]*', ['/data/!', '/data/*', '/data/[1', '/data/\\z', '/data/]x', '/data/^', '/data/é😀']],
  ['/data/[^^]', ['/data/!', '/data/*', '/data/1']],
  ['/data/[*]', ['/data/*']],
  ['/data/[a-]*', ['/data/a-b', '/data/ab']],
  ['/data/??', ['/data/[1', '/data/\\z', '/data/]x', '/data/ab', '/data/é😀']],
  ['/data/\\*', ['/data/\\z']],
  ['a?b', ['a\nb']],
];

describe.each(BACKENDS)('path and url globs on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store;
    beforeAll(async () => {
      ({ db, store } = await storeOn(create));
      await load(db, PATHS);
    });
    afterAll(async () => closeStore(db, store));

    it.each(GLOBS)('%j matches %j', async (glob, expected) => {
      expect(await matches(store, PATHS, glob)).toEqual(Array.isArray(expected) ? [...expected].sort() : expected);
    });

    it('a bad glob is a usage error naming the option', async () => {
      expect(await runInProcess(['--db', db.spec, 'video', 'list', '--path', '*[z-a]*'])).toEqual({
        code: 2,
        signal: null,
        stdout: '',
        stderr: `error: option '--path <glob>' argument '*[z-a]*' is invalid. "*[z-a]*": the range z-a is reversed\n`,
      });
      expect((await runInProcess(['--db', db.spec, 'video', 'count', '--url', '[!'])).stderr).toMatch(/^error: option '--url <glob>' argument '\[!' is invalid\. "\[!": the \[ at character 1 is not closed/);
    });
  });
});

describe.skipIf(!pgAvailable)('SQLite and PostgreSQL match globs alike', () => {
  const opened: Array<{ db: Backend; store: Store }> = [];
  const paths = [...PATHS, ...fc.sample(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 8 }), { numRuns: 60, seed: 7 })];
  beforeAll(async () => {
    for (const backend of BACKENDS) {
      const one = await storeOn(backend.create);
      opened.push(one);
      await load(one.db, paths);
    }
  });
  afterAll(async () => Promise.all(opened.map(({ db, store }) => closeStore(db, store))));

  it('for random globs over random paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 8 }), async (glob) => {
        const [sqlite, pg] = await Promise.all(opened.map(({ store }) => matches(store, paths, glob)));
        expect(pg, glob).toEqual(sqlite);
      }),
      { numRuns: 500 },
    );
  });
});
