import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSessions } from '../../src/storage/session.js';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { runInProcess } from '../helpers/run.js';

const EDGES = ['0001-01-01T00:00:00.000Z', '0050-06-15T12:00:00.000Z', '0999-12-31T23:59:59.999Z', '2024-02-29T00:00:00.000Z', '9999-12-31T23:59:59.999Z'];
const RANGE = 'is outside the supported range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

describe.each(BACKENDS)('dates on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const cli = (args: string[], input?: string) => runInProcess(['--db', db.spec, ...args], { input });
    beforeAll(async () => {
      db = await create();
      expect((await cli(['init'])).code).toBe(0);
    });
    afterAll(async () => {
      await closeSessions();
      await db?.cleanup();
    });

    it('imported created_at from year 0001 to 9999 comes back exactly, and filters find it', async () => {
      const input = EDGES.map((at, i) => JSON.stringify({ id: `e${i}`, path: '/e', created_at: at, updated_at: at })).join('\n');
      expect((await cli(['video', 'import', '-'], input)).code).toBe(0);
      const list = await cli(['video', 'list', '--format', 'ndjson', '--fields', 'id,created_at,updated_at']);
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(list.stdout).toBe(EDGES.map((at, i) => `${JSON.stringify({ id: `e${i}`, created_at: at, updated_at: at })}\n`).join(''));
      expect(await cli(['video', 'count', '--since', '0050-06-15T12:00:00Z', '--until', '1000-01-01'])).toMatchObject({ code: 0, stdout: '2\n' });
      expect(await cli(['video', 'count', '--since', '0001-01-01'])).toMatchObject({ code: 0, stdout: '5\n' });
    });

    it.each([
      ['2026-02-30', '"2026-02-30" is not a date the calendar has'],
      ['2026-01-31T24:00:00Z', '"2026-01-31T24:00:00Z" is not a date the calendar has'],
      ['0000-01-01', `"0000-01-01" ${RANGE}`],
      ['0001-01-01T00:00:00+01:00', `"0001-01-01T00:00:00+01:00" ${RANGE}`],
      ['99999999w', `"99999999w" ${RANGE}`],
      ['99999999999999999w', `"99999999999999999w" ${RANGE}`],
    ])('--since %s is a usage error naming the option', async (value, reason) => {
      expect(await cli(['video', 'list', '--since', value])).toEqual({ code: 2, signal: null, stdout: '', stderr: `error: option '--since <when>' argument '${value}' is invalid. ${reason}\n` });
    });

    it.each([
      ['2026-13-01T00:00:00Z', '"2026-13-01T00:00:00Z" is not a date the calendar has'],
      ['2026-02-29T00:00:00Z', '"2026-02-29T00:00:00Z" is not a date the calendar has'],
      ['0000-01-01T00:00:00Z', `"0000-01-01T00:00:00Z" ${RANGE}`],
      ['yesterday', '"yesterday" is not an ISO 8601 timestamp'],
    ])('an imported created_at of %s is refused with its line, and nothing is written', async (value, reason) => {
      const result = await cli(['video', 'import', '-'], `{"id":"bad","path":"/b","created_at":${JSON.stringify(value)}}\n`);
      expect(result).toEqual({ code: 2, signal: null, stdout: '', stderr: `error: line 1: created_at: ${reason}\n` });
      expect(await cli(['video', 'exists', 'bad'])).toMatchObject({ code: 3 });
    });
  });
});
