import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../helpers/backends.js';
import { useCatalog } from '../../helpers/catalog.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { RACE_ROUNDS } from '../../helpers/races.js';

const PROCESSES = 3;
const OWN = 50;

const shared = (i: number) => ({ id: `s${String(i).padStart(4, '0')}`, url: `https://e.com/s/${i}.mp4`, title: `shared ${i}`, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-02T00:00:00.000Z' });
const own = (p: number, i: number) => ({ id: `p${p}-${String(i).padStart(3, '0')}`, path: `/p${p}/${i}.mp4` });
/** Process p's file: its own ids and the shared ones, which every process writes alike. */
const fileOf = (p: number, sharedCount: number) => [...Array.from({ length: OWN }, (_, i) => own(p, i)), ...Array.from({ length: sharedCount }, (_, i) => shared(i))];
const SUMMARY = /^inserted (\d+), updated (\d+), unchanged (\d+), skipped (\d+), invalid 0 in \d+\.\d s\n$/;

describe.each(BACKENDS)('concurrent imports of overlapping new ids on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    // SQLite runs one import at a time (the others wait up to its 5 s busy timeout): a small file keeps
    // the wait short. PostgreSQL runs them side by side: a larger one makes their writes overlap.
    const SHARED = kind === 'sqlite' ? 300 : 3000;
    const db = useCatalog(create);
    const dir = tempDir('aana-store-concurrent-import-');
    const files = Array.from({ length: PROCESSES }, (_, p) => join(dir.path, `p${p}.ndjson`));
    const ids = async () => (await db().query<{ id: string }>('select v.id from video v join media m on m.id = v.id order by v.id')).map((row) => row.id);
    const race = (mode: string) => Promise.all(files.map((file) => runCli(['--db', db().spec, 'video', 'import', file, '--on-conflict', mode])));
    const reset = async () => {
      await db().query('delete from video');
      await db().query('delete from media');
    };

    beforeAll(() => {
      files.forEach((file, p) => writeFileSync(file, fileOf(p, SHARED).map((r) => `${JSON.stringify(r)}\n`).join('')));
    });
    afterAll(() => dir.cleanup());
    const everyId = () => [...Array.from({ length: SHARED }, (_, i) => shared(i).id), ...Array.from({ length: PROCESSES }, (_, p) => Array.from({ length: OWN }, (_, i) => own(p, i).id)).flat()].sort();

    it.each([['update'], ['skip']])('--on-conflict %s: every run succeeds and each id is inserted exactly once', async (mode) => {
      for (let round = 0; round < RACE_ROUNDS; round++) {
        await reset();
        const results = await race(mode);
        const totals = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
        for (const result of results) {
          expect(result.stderr).not.toMatch(/duplicate key|error/);
          expect(result.code).toBe(0);
          expect(result.stdout).toBe('');
          expect(result.stderr).toMatch(SUMMARY);
          const [, inserted, updated, unchanged, skipped] = (SUMMARY.exec(result.stderr) ?? []).map(Number);
          Object.assign(totals, { inserted: totals.inserted + inserted, updated: totals.updated + updated, unchanged: totals.unchanged + unchanged, skipped: totals.skipped + skipped });
        }
        const repeats = (PROCESSES - 1) * SHARED;
        expect(totals).toEqual({ inserted: SHARED + PROCESSES * OWN, updated: 0, unchanged: mode === 'update' ? repeats : 0, skipped: mode === 'skip' ? repeats : 0 });
        expect(await ids()).toEqual(everyId());
        const titles = await db().query<{ n: number | string }>("select count(*) as n from video where id like 's%' and title like 'shared %'");
        expect(Number(titles[0].n)).toBe(SHARED);
      }
    }, 300_000);

    it('--on-conflict error: one run writes its file, the others exit 4 naming a line, never a raw duplicate key', async () => {
      for (let round = 0; round < RACE_ROUNDS; round++) {
        await reset();
        const results = await race('error');
        const winners = results.flatMap((result, p) => (result.code === 0 ? [p] : []));
        expect(winners).toHaveLength(1);
        for (const [p, result] of results.entries()) {
          expect(result.stderr).not.toMatch(/duplicate key/);
          expect(result.stdout).toBe('');
          if (p === winners[0]) {
            expect(result.stderr).toMatch(SUMMARY);
            continue;
          }
          expect(result.stderr).toMatch(/^error: line \d+: id: media already exists: "s\d{4}"\n$/);
          expect(result.code).toBe(4);
        }
        expect(await ids()).toEqual(fileOf(winners[0], SHARED).map((r) => r.id).sort());
      }
    }, 300_000);
  });
});
