import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { emptyCatalog, useCatalog } from '../helpers/catalog.js';
import { runInProcess } from '../helpers/run.js';

/** Any duration aana-store accepts: every finite double ≥ 0, subnormals and the largest included. */
const duration = fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true });

describe.each(BACKENDS)('any valid duration round-trips exactly on $kind', ({ available, create }) => {
  describe.skipIf(!available)('property', () => {
    const source = useCatalog(create);
    const target = useCatalog(create);
    const cli = async (spec: string, args: string[], input?: string) => {
      const result = await runInProcess(['--db', spec, ...args], { input });
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };

    it('add --duration → get --format json, and export → import (ndjson and csv) → export, byte for byte', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(duration, { minLength: 1, maxLength: 6 }), fc.constantFrom('created', 'running', 'completed', 'failed'), async (durations, status) => {
          await emptyCatalog(source());
          for (const [i, seconds] of durations.entries()) {
            const id = `d${i}`;
            await cli(source().spec, ['video', 'add', '--path', `/${id}.mp4`, '--id', id, '--duration', String(seconds), '--status', status]);
            const record = JSON.parse(await cli(source().spec, ['video', 'get', id, '--format', 'json'])) as { duration: number; status: string };
            // -0 is not generated (min 0); every other double must come back as the same double.
            expect(Object.is(record.duration, seconds)).toBe(true);
            expect(record.status).toBe(status);
          }
          const exported = await cli(source().spec, ['video', 'export']);
          for (const format of ['ndjson', 'csv']) {
            await emptyCatalog(target());
            const file = format === 'ndjson' ? exported : await cli(source().spec, ['video', 'export', '--format', 'csv']);
            await cli(target().spec, ['video', 'import', '-', '--format', format], file);
            expect(await cli(target().spec, ['video', 'export'])).toBe(exported);
          }
        }),
        { numRuns: 8 },
      );
    });
  });
});
