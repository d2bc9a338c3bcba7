import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSessions } from '../../src/storage/session.js';
import { MAX_RANKED_SEGMENTS } from '../../src/storage/search/segment-hit.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { baseEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { saveTranscripts } from '../helpers/segments.js';
import { closeStore, openStore, type Store } from '../helpers/store.js';

const TITLE_ROW = 'id,title,model,segment,start,end,text\n';

describe.each(BACKENDS)('transcript search on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    let store: Store | undefined;
    const cli = (args: string[], options: Parameters<typeof runInProcess>[1] = {}) => runInProcess(['--db', db.spec, ...args], options);
    beforeAll(async () => {
      db = await create();
      store = await openStore(db);
      await saveTranscripts(store, [
        ['talk-1', 'Climate talk', 'whisper', [' Welcome to the talk.', ' Climate change is real, climate CHANGE.', ' Thank you.']],
        ['talk-2', null, 'whisper', [' We change plans.', ' A café, "quoted", and a\ttab.']],
        ['talk-2', null, 'tiny', [' Climate, briefly.']],
      ]);
    });
    afterAll(async () => {
      await closeSessions();
      await closeStore(db, store);
    });

    it('prints every hit as NDJSON when piped, with the video, model, segment, times and text', async () => {
      expect(await cli(['transcript', 'search', 'climate', '--model', 'whisper'])).toEqual({
        code: 0,
        signal: null,
        stdout: '{"id":"talk-1","title":"Climate talk","model":"whisper","segment":1,"start":2,"end":4,"text":" Climate change is real, climate CHANGE."}\n',
        stderr: '',
      });
      const both = await cli(['transcript', 'search', 'climate', '--format', 'ids']);
      expect(both.stdout.split('\n').sort()).toEqual(['', 'talk-1', 'talk-2']);
    });

    it('--model, --limit, --fields and every list format; the text as stored, byte for byte', async () => {
      expect((await cli(['transcript', 'search', 'climate', '--model', 'whisper', '--format', 'ids'])).stdout).toBe('talk-1\n');
      expect((await cli(['transcript', 'search', 'climate', '--model', 'tiny', '--limit', '1', '--format', 'csv'])).stdout).toBe(`${TITLE_ROW}talk-2,,tiny,0,0,2," Climate, briefly."\n`);
      expect((await cli(['transcript', 'search', 'climate', '--limit', '1', '--format', 'ids'])).stdout).toMatch(/^talk-\d\n$/);
      const json = await cli(['transcript', 'search', 'cafe', '--format', 'json']);
      expect(JSON.parse(json.stdout)).toEqual([{ id: 'talk-2', title: null, model: 'whisper', segment: 1, start: 2, end: 4, text: ' A café, "quoted", and a\ttab.' }]);
      expect((await cli(['transcript', 'search', 'nothing', 'here'])).stdout).toBe('');
    });

    it('marks the words in bold on a terminal, never in a machine format even with FORCE_COLOR', async () => {
      const { NO_COLOR: _, ...colour } = baseEnv({ TERM: 'xterm' });
      const table = await cli(['transcript', 'search', 'climate', 'change', '--fields', 'id,text'], { env: colour, tty: { columns: 200 } });
      expect(table.code).toBe(0);
      const marked = (word: string) => `\u001b[1m\u001b[31m${word}\u001b[39m\u001b[22m`;
      expect(table.stdout).toContain(`talk-1   ${marked('Climate')} ${marked('change')} is real, ${marked('climate')} ${marked('CHANGE')}.\n`);
      expect(table.stdout.startsWith('\u001b[1mid      text\u001b[22m\n')).toBe(true);
      const phrase = await cli(['transcript', 'search', '"climate change"', '--fields', 'id,text'], { env: colour, tty: { columns: 200 } });
      expect(phrase.stdout).toContain(`talk-1   ${marked('Climate change')} is real, ${marked('climate CHANGE')}.\n`);
      const plain = await cli(['transcript', 'search', 'climate', '--model', 'whisper', '--fields', 'id,text'], { tty: { columns: 200 } });
      expect(plain.stdout).toBe('id      text\ntalk-1   Climate change is real, climate CHANGE.\n');
      for (const format of ['ndjson', 'csv', 'tsv', 'json', 'ids']) {
        const piped = await cli(['transcript', 'search', 'climate', '--format', format], { env: { ...colour, FORCE_COLOR: '1' } });
        expect(piped.stdout, format).not.toContain('\u001b');
      }
    });

    it('says on stderr when more segments match than it ranks', async () => {
      await saveTranscripts(store as Store, [['long-1', 'Long', 'whisper', Array.from({ length: MAX_RANKED_SEGMENTS }, (_, i) => ` refrain number ${i}`)]]);
      const capped = await cli(['transcript', 'search', 'refrain', '--format', 'ids']);
      expect(capped.stdout).toBe('long-1\n'.repeat(20));
      expect(capped.stderr).toBe(`note: ${MAX_RANKED_SEGMENTS} or more segments match; these are the best of the first ${MAX_RANKED_SEGMENTS} found (add words to narrow the search)\n`);
      expect((await cli(['transcript', 'search', 'refrain', '1999'])).stderr).toBe('');
    });

    it('bad input is a usage error naming it; nothing to find is no error', async () => {
      expect(await cli(['transcript', 'search', '--', '-climate'])).toEqual({ code: 2, signal: null, stdout: '', stderr: 'error: words: give at least one word that is not excluded\n' });
      expect((await cli(['transcript', 'search', 'climate', '--limit', '0'])).code).toBe(2);
      expect((await cli(['transcript', 'search', 'climate', '--fields', 'nope'])).stderr).toMatch(/^error: --fields: unknown field "nope"/);
      expect(await cli(['transcript', 'search', 'climate', 'OR'])).toMatchObject({ code: 0, stderr: 'note: ignored "OR" (OR with nothing after it)\n' });
    });
  });
});
