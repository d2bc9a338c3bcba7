import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListOptions } from '../../src/storage/repositories/video-reader.js';
import type { VideoRecord } from '../../src/storage/records.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { closeStore, type Store, storeOn } from '../helpers/store.js';

const N = 23;

async function pages(store: Store, options: ListOptions): Promise<{ ids: string[]; sizes: number[]; records: VideoRecord[] }> {
  const records: VideoRecord[] = [];
  const sizes: number[] = [];
  for await (const page of store.videos().listPages(options)) {
    sizes.push(page.length);
    records.push(...page);
  }
  return { ids: records.map((r) => r.id), sizes, records };
}

describe.each(BACKENDS)('listPages read from one statement on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let opened: { db: Backend; store: Store };
    beforeAll(async () => {
      opened = await storeOn(create);
      for (let i = 0; i < N; i++) {
        await opened.store.videos().add({ id: `v${String(i).padStart(2, '0')}`, path: `/v/${i % 4}.mp4`, title: i % 3 ? `talk ${i}` : null });
      }
    });
    afterAll(async () => closeStore(opened?.db, opened?.store));

    const cases: Array<[string, ListOptions]> = [
      ['every video', {}],
      ['a limit', { limit: 9 }],
      ['after an id, sorted by title descending', { after: 'v07', sort: { field: 'title', direction: 'desc' } }],
      ['a filter', { filter: { path: '/v/1.mp4' } }],
      ['by id, a limit of a whole number of pages', { sort: { field: 'id', direction: 'asc' }, limit: 8 }],
    ];
    it.each(cases)('gives what keyset pages give, in pages of the size asked: %s', async (_, options) => {
      const paged = await pages(opened.store, { ...options, pageSize: 4 });
      const streamed = await pages(opened.store, { ...options, pageSize: 4, oneStatement: true });
      expect(streamed.records).toEqual(paged.records);
      expect(streamed.ids.length).toBeGreaterThan(0);
      expect(streamed.sizes.slice(0, -1).every((size) => size === 4)).toBe(true);
    });

    it('leaves the connection to the next query, also when the reader stops early', async () => {
      for await (const page of opened.store.videos().listPages({ pageSize: 2, oneStatement: true })) {
        expect(page).toHaveLength(2);
        break;
      }
      expect(await opened.store.videos().count()).toBe(N);
    });
  });
});
