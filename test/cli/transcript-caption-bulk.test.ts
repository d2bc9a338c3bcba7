import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { tempDir } from '../helpers/cli.js';
import { addExtendedVideos, setSnapshot } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';
import { captionRecord, ndjson, transcriptRecord } from '../helpers/transcript-records.js';

const tmp = tempDir('aana-store-set-bulk-');
afterAll(() => tmp.cleanup());

describe.each(BACKENDS)('transcript and caption import/export on $kind', ({ create, available }) => {
  describe.skipIf(!available)('', () => {
    const db = useCatalog(create);
    const run = (argv: string[], input?: string) => runInProcess(['--db', db().spec, ...argv], { input, cwd: tmp.path });
    let n = 0;
    let a = '';
    let b = '';
    beforeEach(async () => {
      n++;
      [a, b] = [`a${n}`, `b${n}`];
      await db().query('delete from extended_video_transcript');
      await db().query('delete from transcript');
      await db().query('delete from extended_video_caption');
      await db().query('delete from caption');
      await addExtendedVideos(db(), [{ id: a, duration: 10 }, { id: b, duration: 20 }]);
    });

    it('transcript export writes back exactly what import read, in input order', async () => {
      const input = ndjson([transcriptRecord(b, 'whisper', 3), transcriptRecord(a, 'whisper', 120, '2020-01-01T00:00:00.000Z'), transcriptRecord(a, 'tiny', 0)]);
      const imported = await run(['transcript', 'import', '-', '--report', 'json'], input);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ records: 3, inserted: 3, updated: 0, skipped: 0, invalid: 0 });
      const exported = await run(['transcript', 'export']);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toBe(input);
    });

    it('caption export writes back exactly what import read, sets spread over the input', async () => {
      const input = ndjson([captionRecord(a, 'blip', 0), captionRecord(b, 'blip', 3), captionRecord(a, 'blip', 1), captionRecord(a, 'other', 9)]);
      const imported = await run(['caption', 'import'], input);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toMatch(/^inserted 4, updated 0, skipped 0, invalid 0 in /);
      expect((await run(['caption', 'export'])).stdout).toBe(input);
    });

    it('a bad record anywhere names its line and leaves the database as it was', async () => {
      await run(['transcript', 'import'], ndjson([transcriptRecord(a, 'keep', 2)]));
      await run(['caption', 'import'], ndjson([captionRecord(a, 'keep', 0)]));
      const before = await setSnapshot(db());
      // Many valid records first, so that chunks were written before the bad one.
      const many = Array.from({ length: 120 }, (_, i) => transcriptRecord(i % 2 ? a : b, `m${i}`, 2));
      const cases: Array<[string, string, number, string]> = [
        ['transcript', ndjson([...many, { ...transcriptRecord(a, 'x', 1), language_confidence: 1.5 }]), 2, 'line 121: language_confidence: must be from 0 to 1, got 1.5'],
        ['transcript', ndjson([...many, { ...transcriptRecord(a, 'x', 1), segments: [{ text: 'a', time_interval: { start: 2, end: 1 } }] }]), 2, 'line 121: "segments[0].time_interval.end": must not be before start'],
        ['transcript', ndjson([...many, { ...transcriptRecord(a, 'x', 1), created_at: 'yesterday' }]), 2, 'line 121: created_at:'],
        ['transcript', ndjson([...many, transcriptRecord('ghost', 'x', 1)]), 3, 'line 121: media_id: video not found: "ghost"'],
        ['transcript', ndjson([...many, transcriptRecord(a, 'keep', 1)]), 4, `line 121: model: video "${a}" already has a transcript by model "keep"`],
        ['transcript', ndjson([...many, transcriptRecord(a, 'm1', 1)]), 4, `line 121: model: video "${a}" already has a transcript by model "m1"`],
        ['caption', ndjson([...Array.from({ length: 1500 }, (_, i) => captionRecord(b, 'c', i)), { ...captionRecord(a, 'c', 0), frame_id: -3 }]), 2, 'line 1501: frame_id:'],
        ['caption', ndjson([...Array.from({ length: 1500 }, (_, i) => captionRecord(b, 'c', i)), captionRecord(a, 'keep', 5)]), 4, `line 1501: model: video "${a}" already has captions by model "keep"`],
        ['caption', ndjson([captionRecord(a, 'c', 0), { ...captionRecord(a, 'c', 1), model: 7 }]), 2, 'line 2: model: must be a string'],
        ['caption', ndjson([{ ...captionRecord(a, 'c', 1), frame: 1 }]), 2, 'line 1: frame: unknown field'],
      ];
      for (const [group, input, code, message] of cases) {
        const result = await run([group, 'import'], input);
        expect(result.code, result.stderr).toBe(code);
        expect(result.stderr).toBe(`error: ${result.stderr.slice(7).split('\n')[0]}\n`);
        expect(result.stderr).toContain(message);
        expect(await setSnapshot(db())).toEqual(before);
      }
    });

    it('--on-conflict skip, update and append for transcripts', async () => {
      const first = transcriptRecord(a, 'w', 1, '2021-01-01T00:00:00.000Z');
      const second = { ...transcriptRecord(a, 'w', 2, '2022-02-02T00:00:00.000Z'), language: 'de' };
      await run(['transcript', 'import'], ndjson([first]));
      const skip = await run(['transcript', 'import', '--on-conflict', 'skip', '--report', 'json'], ndjson([second]));
      expect(JSON.parse(skip.stdout)).toMatchObject({ inserted: 0, skipped: 1 });
      expect((await run(['transcript', 'export'])).stdout).toBe(ndjson([first]));
      const update = await run(['transcript', 'import', '--on-conflict', 'update', '--report', 'json'], ndjson([second, { ...second, language: 'fr' }]));
      expect(JSON.parse(update.stdout)).toMatchObject({ inserted: 0, updated: 2 });
      expect((await run(['transcript', 'export'])).stdout).toBe(ndjson([{ ...second, language: 'fr' }]));
      expect((await run(['transcript', 'import', '--on-conflict', 'append'], ndjson([first]))).code).toBe(0);
      expect((await run(['transcript', 'export'])).stdout).toBe(ndjson([{ ...second, language: 'fr' }, first]));
    });

    it('--on-conflict skip, update and append for captions, per (video, model)', async () => {
      await run(['caption', 'import'], ndjson([captionRecord(a, 'c', 0), captionRecord(a, 'c', 1)]));
      const more = [captionRecord(a, 'c', 7), captionRecord(b, 'c', 2)];
      const skip = await run(['caption', 'import', '--on-conflict', 'skip', '--report', 'json'], ndjson(more));
      expect(JSON.parse(skip.stdout)).toMatchObject({ inserted: 1, skipped: 1 });
      const update = await run(['caption', 'import', '--on-conflict', 'update', '--report', 'json'], ndjson([captionRecord(a, 'c', 7), captionRecord(a, 'c', 8)]));
      expect(JSON.parse(update.stdout)).toMatchObject({ inserted: 2 });
      expect((await run(['caption', 'export'])).stdout).toBe(ndjson([captionRecord(b, 'c', 2), captionRecord(a, 'c', 7), captionRecord(a, 'c', 8)]));
      expect((await run(['caption', 'import', '--on-conflict', 'append'], ndjson([captionRecord(a, 'c', 9)]))).code).toBe(0);
      expect((await run(['caption', 'list', a, '--format', 'ids'])).stdout.trim().split('\n')).toHaveLength(3);
    });

    it('--skip-invalid reports bad lines on stderr and writes the rest', async () => {
      const input = ndjson([captionRecord(a, 'c', 0), { ...captionRecord(a, 'c', 1), timestamp: -1 }, captionRecord(a, 'c', 2)]);
      const result = await run(['caption', 'import', '--skip-invalid', '--report', 'json'], input);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('invalid line 2: timestamp: must not be negative');
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 3, inserted: 2, invalid: 1 });
    });

    it('exports to a file and imports from one, CSV captions too', async () => {
      await run(['transcript', 'import'], ndjson([transcriptRecord(a, 'w', 2)]));
      await run(['caption', 'import'], ndjson([captionRecord(a, 'c', 0)]));
      const t = await run(['transcript', 'export', `t${n}.ndjson`]);
      expect([t.code, t.stdout, t.stderr]).toEqual([0, '', `exported 1 transcripts to t${n}.ndjson\n`]);
      const csv = await run(['caption', 'import', '-', '--format', 'csv', '--report', 'json'], `media_id,model,frame_id,timestamp,caption\n${b},c,4,0.16,"x, y"\n`);
      expect(JSON.parse(csv.stdout), csv.stderr).toMatchObject({ inserted: 1 });
      await db().query('delete from extended_video_transcript');
      await db().query('delete from transcript');
      expect((await run(['transcript', 'import', `t${n}.ndjson`])).code).toBe(0);
      expect((await run(['transcript', 'export'])).stdout).toBe(ndjson([transcriptRecord(a, 'w', 2)]));
    });
  });
});
