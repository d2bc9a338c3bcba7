import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTokens } from '../../src/storage/search/fold.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

/** Every code point but NUL and surrogates, each between two letters, in chunks small enough for one title. */
function chunks(size = 2000): string[] {
  const out: string[] = [];
  let chunk: string[] = [];
  for (let cp = 1; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    chunk.push(`a${String.fromCodePoint(cp)}b`);
    if (chunk.length === size) {
      out.push(chunk.join(' '));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.push(chunk.join(' '));
  return out;
}

/** The words each database indexes for each text, in order. */
async function indexedWords(db: Backend, texts: string[]): Promise<string[]> {
  if (db.kind === 'postgresql') {
    const rows = await db.query<{ words: string }>('select video_fts_fold(t) as words from unnest(?::text[]) with ordinality as x(t, n) order by n', [texts]);
    return rows.map((r) => r.words);
  }
  const ids = texts.map((_, i) => `fold-${i}`);
  for (let i = 0; i < texts.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    await db.query(`insert into media (id, media_type) values ${batch.map(() => "(?, 'video')").join(', ')}`, batch);
    await db.query(`insert into video (id, path, title) values ${batch.map(() => "(?, '/f', ?)").join(', ')}`, batch.flatMap((id, k) => [id, texts[i + k]]));
  }
  await db.query('create virtual table if not exists fold_vocab using fts5vocab(video_fts, instance)');
  const rows = await db.query<{ id: string; words: string }>(
    "select f.id, group_concat(v.term, ' ') as words from (select doc, term from fold_vocab where col = 'title' order by doc, offset) v join video_fts_key f on f.rowid = v.doc group by v.doc",
  );
  const byId = new Map(rows.map((r) => [r.id, r.words]));
  return ids.map((id) => byId.get(id) ?? '');
}

describe.each(BACKENDS)('search words on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store;
    beforeAll(async () => ({ db, store } = await storeOn(create)));
    afterAll(async () => closeStore(db, store));

    it('are the words fold.ts finds, for every code point: case, diacritics and separators alike', async () => {
      const texts = chunks();
      const words = await indexedWords(db, texts);
      for (let i = 0; i < texts.length; i++) expect(words[i], `chunk ${i}`).toBe(searchTokens(texts[i]).join(' '));
    });
  });
});
