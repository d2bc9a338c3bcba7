import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { type CliResult, runCli } from '../../helpers/cli.js';
import { RACE_ROUNDS } from '../../helpers/races.js';

// Four writers keep both cores and the database's lock busy; the adds per loop grow with the rounds
// (the same-id race is in concurrency-matrix.test.ts).
const LOOPS = 4;
const ADDS_PER_LOOP = 4 * RACE_ROUNDS;

describe.each(BACKENDS)('concurrent writers on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (...args: string[]) => runCli(['--db', db.spec, ...args]);
    const counts = async () => {
      const [row] = await db.query<{ media: number | string; video: number | string }>('select (select count(*) from media) as media, (select count(*) from video) as video');
      return { media: Number(row.media), video: Number(row.video) };
    };

    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
    });
    afterAll(async () => db?.cleanup());

    it(`${LOOPS} loops of ${ADDS_PER_LOOP} adds, one process each, lose nothing and never fail; a reader never sees half a video`, async () => {
      const failures: CliResult[] = [];
      const snapshots: Array<{ media: number; video: number }> = [];
      let writing = true;
      const reader = (async () => {
        while (writing) {
          snapshots.push(await counts());
          const list = await cli('video', 'list', '--format', 'ndjson');
          if (list.code !== 0) failures.push(list);
          for (const line of list.stdout.split('\n').filter(Boolean)) {
            const record = JSON.parse(line) as { id: string; path: string | null };
            if (!record.path) failures.push({ ...list, stderr: `half a video: ${line}` });
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const loops = Array.from({ length: LOOPS }, async (_, loop) => {
        for (let i = 0; i < ADDS_PER_LOOP; i++) {
          const result = await cli('video', 'add', '--path', `/loop${loop}/${i}.mp4`, '--id', `l${loop}-${i}`);
          if (result.code !== 0 || result.stdout !== `l${loop}-${i}\n`) failures.push(result);
        }
      });
      await Promise.all(loops);
      writing = false;
      await reader;
      expect(failures).toEqual([]);
      expect(await counts()).toEqual({ media: LOOPS * ADDS_PER_LOOP, video: LOOPS * ADDS_PER_LOOP });
      for (const snapshot of snapshots) expect(snapshot.media).toBe(snapshot.video);
      expect(snapshots.length).toBeGreaterThan(0);
    }, 600_000);
  });
});
