import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../../helpers/backends.js';
import { type CliResult, runCli } from '../../helpers/cli.js';

const LOOPS = 8;
const ADDS_PER_LOOP = 50;

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

    it('two processes adding the same id at the same moment: one exit 0, the other exit 4, one row', async () => {
      for (let round = 0; round < 5; round++) {
        const id = `race-${round}`;
        const results = await Promise.all([cli('video', 'add', '--path', '/a.mp4', '--id', id), cli('video', 'add', '--path', '/b.mp4', '--id', id)]);
        expect(results.map((r) => r.code).sort()).toEqual([0, 4]);
        const loser = results.find((r) => r.code === 4);
        expect(loser?.stderr).toBe(`error: media already exists: "${id}"\n`);
        expect(await db.query('select count(*) as n from video where id = ?', [id])).toEqual([{ n: kind === 'sqlite' ? 1 : '1' }]);
      }
    }, 120_000);
  });
});
