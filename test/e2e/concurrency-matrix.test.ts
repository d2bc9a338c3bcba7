import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { type CliResult, runCli, tempDir } from '../helpers/cli.js';
import { RACE_ROUNDS } from '../helpers/races.js';
import { captionRecord, ndjson as setNdjson, transcriptRecord } from '../helpers/transcript-records.js';
import { join } from 'node:path';

/**
 * Every writing command against itself and the others, as real processes of the shipped binary at
 * the same moment, round after round. Each must exit with a documented code and one clean line, and
 * the catalog must stay valid: every video has a url or a path, no media row without its video, and
 * the export imports again. Each test runs RACE_ROUNDS rounds (AANA_STORE_RACE_ROUNDS for more).
 */

/** What a process may print on stderr: nothing or one line (a status line, the import summary); a failure one `error: …` line. */
const CLEAN_STDERR = /^([^\n]+\n)?$/;
const CLEAN_ERROR = /^error: [^\n]+\n$/;
const RAW_DRIVER = /SQLITE_|duplicate key|violates|deadlock|could not serialize|database is locked|unexpected|constraint/i;

function expectClean(results: CliResult[], codes: number[], what: string): void {
  for (const result of results) {
    const detail = `${what}: exit ${result.code}\n${result.stderr}`;
    expect(codes, detail).toContain(result.code);
    expect(result.stderr, detail).toMatch(result.code === 0 ? CLEAN_STDERR : CLEAN_ERROR);
    expect(result.stderr, detail).not.toMatch(RAW_DRIVER);
  }
}

const ndjson = (ids: string[], tag: string) => ids.map((id) => `${JSON.stringify({ id, path: `/${tag}/${id}.mp4`, title: tag })}\n`).join('');

describe.each(BACKENDS)('concurrent writers on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    const cli = (...args: string[]) => runCli(['--db', db.spec, ...args]);
    const cliIn = (input: string, ...args: string[]) => runCli(['--db', db.spec, ...args], { input });
    const row = async (id: string) => (await db.query<{ id: string; url: string | null; path: string | null; title: string | null }>('select id, url, path, title from video where id = ?', [id]))[0];

    async function rounds(round: (n: number) => Promise<void>): Promise<void> {
      for (let n = 0; n < RACE_ROUNDS; n++) await round(n);
    }

    beforeAll(async () => {
      db = await create();
      expect((await cli('init')).code).toBe(0);
    });
    afterAll(async () => {
      // The catalog every race left behind is still valid.
      const broken = await db.query('select id from video where url is null and path is null');
      expect(broken).toEqual([]);
      const orphans = await db.query("select m.id from media m left join video v on v.id = m.id where m.media_type = 'video' and v.id is null");
      expect(orphans).toEqual([]);
      const exported = await cli('video', 'export');
      expect(exported.code, exported.stderr).toBe(0);
      const copy = join(dir.path, 'copy.db');
      expect((await runCli(['--db', copy, 'init'])).code).toBe(0);
      const reimported = await runCli(['--db', copy, 'video', 'import', '-'], { input: exported.stdout });
      expect(reimported.code, reimported.stderr).toBe(0);
      expect((await runCli(['--db', copy, 'video', 'export'])).stdout).toBe(exported.stdout);
      await db.cleanup();
      dir.cleanup();
    });

    it('video add of one id ×3 at once, --on-conflict error: one exits 0, the others 4', async () => {
      await rounds(async (n) => {
        const id = `add-error-${n}`;
        const results = await Promise.all([0, 1, 2].map((p) => cli('video', 'add', '--id', id, '--path', `/p${p}.mp4`, '--title', `p${p}`)));
        expectClean(results, [0, 4], 'add ×3 error');
        expect(results.filter((r) => r.code === 0).map((r) => r.stdout)).toEqual([`${id}\n`]);
        for (const loser of results.filter((r) => r.code === 4)) expect(loser.stderr).toBe(`error: media already exists: "${id}"\n`);
        const stored = await row(id);
        expect([0, 1, 2].map((p) => `/p${p}.mp4 p${p}`)).toContain(`${stored.path} ${stored.title}`);
      });
    });

    // Ignore and update race each other and themselves in one round: two of each mode.
    it('video add of one id ×4 at once, --on-conflict ignore and update mixed: all exit 0, one whole video', async () => {
      await rounds(async (n) => {
        const id = `add-mixed-${n}`;
        const modes = ['ignore', 'update', 'ignore', 'update'];
        const results = await Promise.all(modes.map((mode, p) => cli('video', 'add', '--id', id, '--path', `/p${p}.mp4`, '--title', `p${p}`, '--on-conflict', mode)));
        expectClean(results, [0], 'add ×4 ignore|update');
        expect(results.map((r) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr.replace(/^video \S+ exists; (left unchanged|updated)\n$/, '') }))).toEqual(
          Array(4).fill({ code: 0, stdout: `${id}\n`, stderr: '' }),
        );
        const stored = await row(id);
        expect([0, 1, 2, 3].map((p) => `/p${p}.mp4 p${p}`)).toContain(`${stored.path} ${stored.title}`);
      });
    });

    for (const mode of ['error', 'skip', 'update'] as const) {
      it(`video import ×2 of the same ids at once, --on-conflict ${mode}`, async () => {
        await rounds(async (n) => {
          const ids = Array.from({ length: 20 }, (_, i) => `imp-${mode}-${n}-${i}`);
          const results = await Promise.all(['A', 'B'].map((tag) => cliIn(ndjson(ids, tag), 'video', 'import', '-', '--on-conflict', mode)));
          expectClean(results, mode === 'error' ? [0, 4] : [0], `import ×2 ${mode}`);
          if (mode === 'error') expect(results.map((r) => r.code).sort()).toEqual([0, 4]);
          const titles = await db.query<{ title: string }>(`select title from video where id like 'imp-${mode}-${n}-%'`);
          expect(titles).toHaveLength(ids.length);
          // One import is one transaction: under error and skip the catalog holds one file whole.
          if (mode !== 'update') expect(new Set(titles.map((t) => t.title)).size).toBe(1);
        });
      });
    }

    // Opposite orders over several chunks: side by side, each import would lock ids the other then
    // waits for, until the server ended one of them (deadlock_detected). SQLite runs one import at a
    // time (the other waits up to its 5 s busy timeout): a small file keeps the wait short.
    const REVERSED = kind === 'sqlite' ? 600 : 10_000;
    for (const mode of ['error', 'skip', 'update'] as const) {
      it(`video import ×2 of the same ids in opposite orders at once, --on-conflict ${mode}`, async () => {
        await rounds(async (n) => {
          const ids = Array.from({ length: REVERSED }, (_, i) => `rev-${mode}-${n}-${String(i).padStart(5, '0')}`);
          const files = [ndjson(ids, 'A'), ndjson([...ids].reverse(), 'B')];
          const results = await Promise.all(files.map((file) => cliIn(file, 'video', 'import', '-', '--on-conflict', mode)));
          expectClean(results, mode === 'error' ? [0, 4] : [0], `import ×2 opposite orders, ${mode}`);
          const titles = await db.query<{ title: string; n: number | string }>(`select title, count(*) as n from video where id like 'rev-${mode}-${n}-%' group by title`);
          expect(titles.reduce((sum, t) => sum + Number(t.n), 0)).toBe(ids.length);
          if (mode !== 'error') return;
          expect(results.map((r) => r.code).sort()).toEqual([0, 4]);
          const loser = results.findIndex((r) => r.code === 4);
          const [, line, id] = /^error: line (\d+): id: media already exists: "([^"]+)"\n$/.exec(results[loser].stderr) ?? [];
          expect(JSON.parse(files[loser].split('\n')[Number(line) - 1]).id).toBe(id);
          expect(titles.map((t) => t.title)).toEqual([loser === 0 ? 'B' : 'A']);
        });
      }, 300_000);
    }

    // Each import checks which (video, model) sets are stored, then writes the others: side by side on
    // PostgreSQL, both found every set missing and both wrote it.
    for (const what of ['transcript', 'caption'] as const) {
      for (const mode of ['error', 'skip', 'update'] as const) {
        it(`${what} import ×2 of the same sets at once, --on-conflict ${mode}: one ${what} set per (video, model)`, async () => {
          await rounds(async (n) => {
            const videos = Array.from({ length: 30 }, (_, i) => ({ id: `set-${what}-${mode}-${n}-${i}`, duration: 60 }));
            const added = await cliIn(videos.map((video) => `${JSON.stringify({ ...video, path: `/s/${video.id}.mp4` })}\n`).join(''), 'video', 'import', '-');
            expect(added.code, added.stderr).toBe(0);
            const records = videos.map((video, i) => (what === 'transcript' ? transcriptRecord(video.id, 'race', i) : captionRecord(video.id, 'race', i)));
            const results = await Promise.all([0, 1].map(() => cliIn(setNdjson(records), what, 'import', '-', '--on-conflict', mode)));
            expectClean(results, mode === 'error' ? [0, 4] : [0], `${what} import ×2 ${mode}`);
            if (mode === 'error') expect(results.map((r) => r.code).sort()).toEqual([0, 4]);
            const table = what === 'transcript' ? 'extended_video_transcript' : 'extended_video_caption';
            const sets = await db.query<{ media_id: string; n: number | string }>(`select media_id, count(*) as n from ${table} where media_id like 'set-${what}-${mode}-${n}-%' group by media_id`);
            expect(sets.map((set) => [set.media_id, Number(set.n)]).sort()).toEqual(videos.map((video) => [video.id, 1]).sort());
          });
        }, 300_000);
      }
    }

    // `transcript add` locks the video it writes to; an import of the same set must not slip between
    // its check and its write, nor the other way round.
    it('transcript add against transcript import of the same (video, model), --on-conflict skip: one transcript', async () => {
      await rounds(async (n) => {
        const id = `add-imp-${n}`;
        expect((await cli('video', 'add', '--id', id, '--path', `/ai/${id}.mp4`, '--duration', '60')).code).toBe(0);
        const record = transcriptRecord(id, 'race', 3);
        const asr = JSON.stringify({ transcription: { text: record.transcript }, segments: record.segments, transcription_info: { language: 'en', language_confidence: 0.875 } });
        const results = await Promise.all([
          cliIn(asr, 'transcript', 'add', id, '--model', 'race', '--format', 'json', '--on-conflict', 'skip'),
          cliIn(setNdjson([record]), 'transcript', 'import', '-', '--on-conflict', 'skip'),
        ]);
        expectClean(results, [0], 'transcript add vs import');
        expect(await db.query('select id from extended_video_transcript where media_id = ?', [id])).toHaveLength(1);
      });
    });

    it('video update --unset url against --unset path never leaves a video with neither', async () => {
      await rounds(async (n) => {
        const id = `uu-${n}`;
        expect((await cli('video', 'add', '--id', id, '--url', 'https://e.com/v.mp4', '--path', '/v.mp4')).code).toBe(0);
        const results = await Promise.all([cli('video', 'update', id, '--unset', 'url'), cli('video', 'update', id, '--unset', 'path')]);
        const stored = await row(id);
        expect(stored.url !== null || stored.path !== null, `a video with neither url nor path: ${JSON.stringify(stored)}`).toBe(true);
        expect(stored.url === null || stored.path === null, `neither unset took effect: ${JSON.stringify(stored)}`).toBe(true);
        expectClean(results, [0, 2], 'update vs update');
        expect(results.map((r) => r.code).sort()).toEqual([0, 2]);
        expect(results.find((r) => r.code === 2)?.stderr).toBe('error: url: a video needs a url or a path\n');
      });
    });

    it('video update against video delete of the same video', async () => {
      await rounds(async (n) => {
        const id = `ud-${n}`;
        expect((await cli('video', 'add', '--id', id, '--path', '/v.mp4')).code).toBe(0);
        const [update, remove] = await Promise.all([cli('video', 'update', id, '--title', 'changed'), cli('video', 'delete', id)]);
        expectClean([update], [0, 3], 'update vs delete: update');
        expectClean([remove], [0], 'update vs delete: delete');
        expect(await row(id)).toBeUndefined();
        expect(await db.query('select id from media where id = ?', [id])).toEqual([]);
      });
    });

    it('video import --on-conflict update against video delete of its ids', async () => {
      await rounds(async (n) => {
        const ids = Array.from({ length: 20 }, (_, i) => `id-${n}-${i}`);
        expect((await cliIn(ndjson(ids, 'old'), 'video', 'import', '-')).code).toBe(0);
        const [imported, removed] = await Promise.all([cliIn(ndjson(ids, 'new'), 'video', 'import', '-', '--on-conflict', 'update'), cli('video', 'delete', ...ids.slice(0, 5))]);
        expectClean([imported], [0], 'import vs delete: import');
        expectClean([removed], [0, 3], 'import vs delete: delete');
        const left = await db.query<{ id: string; title: string }>(`select id, title from video where id like 'id-${n}-%'`);
        expect(left.length === ids.length || left.length === ids.length - 5, JSON.stringify(left)).toBe(true);
      });
    });
  });
});
