import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LIST_FORMATS } from '../../src/cli/output/format-names.js';
import { BACKENDS } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { tempDir } from '../helpers/cli.js';
import { addExtendedVideos, setSnapshot } from '../helpers/extended-videos.js';
import { runInProcess } from '../helpers/run.js';

const tmp = tempDir('aana-store-caption-');
afterAll(() => tmp.cleanup());

const ndjson = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
const listed = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe.each(BACKENDS)('caption add and list on $kind', ({ create, available }) => {
  describe.skipIf(!available)('', () => {
    const db = useCatalog(create);
    const cli = (...argv: string[]) => ({ input: (input?: string) => runInProcess(['--db', db().spec, ...argv], { input, cwd: tmp.path }) });
    let n = 0;
    let id = '';
    beforeEach(async () => {
      id = `ev-${++n}`;
      await addExtendedVideos(db(), [{ id, duration: 60 }]);
    });

    it('adds NDJSON from stdin and lists by frame, with text carried exactly', async () => {
      const add = await cli('caption', 'add', id, '--model', 'blip2').input(ndjson([
        { frame_id: 7, timestamp: 3.5, caption: 'later, "quoted"\nsecond line' },
        { frame_id: 0, timestamp: 0, caption: 'ünïcødé 東京 🎬' },
      ]));
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toBe('');
      expect(add.stderr).toBe(`added 2 captions to video "${id}" by model "blip2"\n`);
      const list = await cli('caption', 'list', id, '--format', 'ndjson').input();
      expect(list.code, list.stderr).toBe(0);
      expect(listed(list.stdout).map(({ frame_id, timestamp, caption, model, media_id }) => ({ frame_id, timestamp, caption, model, media_id }))).toEqual([
        { frame_id: 0, timestamp: 0, caption: 'ünïcødé 東京 🎬', model: 'blip2', media_id: id },
        { frame_id: 7, timestamp: 3.5, caption: 'later, "quoted"\nsecond line', model: 'blip2', media_id: id },
      ]);
    });

    it('reads CSV by the extension, and --model filters the list', async () => {
      writeFileSync(join(tmp.path, 'c.csv'), 'frame_id,timestamp,caption\n2,1.25,"a, b"\n1,0.5,plain\n');
      expect((await cli('caption', 'add', id, '--model', 'csv-model', 'c.csv').input()).code).toBe(0);
      expect((await cli('caption', 'add', id, '--model', 'other', '-').input(ndjson([{ frame_id: 0, timestamp: 0, caption: 'x' }]))).code).toBe(0);
      const all = await cli('caption', 'list', id, '--format', 'csv', '--fields', 'frame_id,model,caption').input();
      expect(all.stdout).toBe('frame_id,model,caption\n0,other,x\n1,csv-model,plain\n2,csv-model,"a, b"\n');
      const one = await cli('caption', 'list', id, '--model', 'csv-model', '--format', 'tsv', '--fields', 'frame_id,timestamp').input();
      expect(one.stdout).toBe('frame_id\ttimestamp\n1\t0.5\n2\t1.25\n');
    });

    it.each(LIST_FORMATS)('lists in --format %s', async (format) => {
      await cli('caption', 'add', id, '--model', 'm').input(ndjson([{ frame_id: 1, timestamp: 0.5, caption: 'one' }]));
      const list = await cli('caption', 'list', id, '--format', format).input();
      expect(list.code, list.stderr).toBe(0);
      const [record] = listed((await cli('caption', 'list', id, '--format', 'ndjson').input()).stdout);
      if (format === 'ids') expect(list.stdout).toBe(`${String(record.id)}\n`);
      else expect(list.stdout).toContain('one');
    });

    it('refuses a bad record naming its line and field, writing nothing', async () => {
      const before = await setSnapshot(db());
      const cases: Array<[string, string]> = [
        [ndjson([{ frame_id: 0, timestamp: 0, caption: 'ok' }, { frame_id: -1, timestamp: 0, caption: 'x' }]), 'line 2: frame_id:'],
        [ndjson([{ frame_id: 0, timestamp: -0.5, caption: 'x' }]), 'line 1: timestamp:'],
        [ndjson([{ frame_id: 1.5, timestamp: 0, caption: 'x' }]), 'line 1: frame_id:'],
        [ndjson([{ frame_id: 0, timestamp: 0, caption: 'x', extra: 1 }]), 'line 1: extra: unknown field'],
        [ndjson([{ frame_id: 0, timestamp: 0 }]), 'line 1: caption: is required'],
        [`${JSON.stringify({ frame_id: 0, timestamp: 0, caption: 'x' })}\n{"frame_id":`, 'line 2: record: invalid JSON'],
        [ndjson([{ frame_id: 0, timestamp: 'soon', caption: 'x' }]), 'line 1: timestamp:'],
      ];
      for (const [input, message] of cases) {
        const add = await cli('caption', 'add', id, '--model', 'm').input(input);
        expect(add.code, add.stderr).toBe(2);
        expect(add.stderr).toContain(message);
        expect(add.stderr.trim().split('\n')).toHaveLength(1);
      }
      writeFileSync(join(tmp.path, 'bad.csv'), 'frame_id,timestamp,caption\n0,0,a\n1,,b\n');
      const csv = await cli('caption', 'add', id, '--model', 'm', 'bad.csv').input();
      expect([csv.code, csv.stderr]).toEqual([2, 'error: line 3: timestamp: is required\n']);
      expect(await setSnapshot(db())).toEqual(before);
    });

    it('exits 3 for an unknown video and 2 for a video without a duration, writing nothing', async () => {
      const before = await setSnapshot(db());
      const record = ndjson([{ frame_id: 0, timestamp: 0, caption: 'x' }]);
      const unknown = await cli('caption', 'add', 'nope', '--model', 'm').input(record);
      expect([unknown.code, unknown.stderr]).toEqual([3, 'error: media_id: video not found: "nope"\n']);
      expect((await cli('video', 'add', '--id', `plain-${n}`, '--path', '/p.mp4').input()).code).toBe(0);
      const plain = await cli('caption', 'add', `plain-${n}`, '--model', 'm').input(record);
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain(`video update plain-${n} --duration SECONDS`);
      expect(await setSnapshot(db())).toEqual(before);
      expect((await cli('caption', 'list', 'nope').input()).code).toBe(3);
      const none = await cli('caption', 'list', `plain-${n}`).input();
      expect([none.code, none.stdout]).toEqual([0, '']);
    });

    it('a second add by the same model exits 4 unless --on-conflict skip, update or append', async () => {
      const first = ndjson([{ frame_id: 0, timestamp: 0, caption: 'first' }]);
      const second = ndjson([{ frame_id: 1, timestamp: 1, caption: 'second' }]);
      const captions = async () => listed((await cli('caption', 'list', id, '--format', 'ndjson').input()).stdout).map((r) => r.caption);
      expect((await cli('caption', 'add', id, '--model', 'm').input(first)).code).toBe(0);
      const again = await cli('caption', 'add', id, '--model', 'm').input(second);
      expect([again.code, again.stderr]).toEqual([4, `error: model: video "${id}" already has captions by model "m" (--on-conflict skip, update or append)\n`]);
      expect(await captions()).toEqual(['first']);
      expect((await cli('caption', 'add', id, '--model', 'm', '--on-conflict', 'skip').input(second)).code).toBe(0);
      expect(await captions()).toEqual(['first']);
      expect((await cli('caption', 'add', id, '--model', 'm', '--on-conflict', 'append').input(second)).code).toBe(0);
      expect(await captions()).toEqual(['first', 'second']);
      expect((await cli('caption', 'add', id, '--model', 'm', '--on-conflict', 'update').input(ndjson([{ frame_id: 5, timestamp: 2, caption: 'only' }]))).code).toBe(0);
      expect(await captions()).toEqual(['only']);
      expect((await cli('caption', 'add', id, '--model', 'other').input(second)).code).toBe(0);
      expect(await captions()).toEqual(['second', 'only']);
    });

    it('checks --fields before touching the database', async () => {
      const list = await cli('caption', 'list', 'nope', '--fields', 'frame_id,nonsense').input();
      expect(list.code).toBe(2);
      expect(list.stderr).toContain('nonsense');
    });
  });
});
