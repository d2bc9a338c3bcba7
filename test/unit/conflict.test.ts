import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toImportRow, type ImportRow } from '../../src/storage/bulk/records.js';
import { distinctRounds } from '../../src/storage/bulk/writer.js';
import { conflictModeOf } from '../../src/storage/conflict.js';

const row = (line: number, id: string): ImportRow => toImportRow(line, { id, path: `/${line}` });

describe('distinctRounds', () => {
  it('splits rows into runs without a repeated id that, written in turn, keep each id in input order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), (ids) => {
        const rows = ids.map((id, i) => row(i + 1, id));
        const rounds = distinctRounds(rows);
        for (const round of rounds) expect(new Set(round.map((r) => r.id)).size).toBe(round.length);
        const flat = rounds.flat();
        expect(flat.map((r) => r.line).sort((x, y) => x - y)).toEqual(rows.map((r) => r.line));
        // Writing the rounds one after the other: the last row of each id is the input's last.
        const last = new Map(flat.map((r) => [r.id, r.line]));
        expect(last).toEqual(new Map(rows.map((r) => [r.id, r.line])));
        for (const id of new Set(ids)) expect(flat.filter((r) => r.id === id).map((r) => r.line)).toEqual(rows.filter((r) => r.id === id).map((r) => r.line));
      }),
    );
    expect(distinctRounds([row(1, 'x'), row(2, 'y'), row(3, 'x')])).toEqual([[row(1, 'x'), row(2, 'y')], [row(3, 'x')]]);
  });
});

describe('conflictModeOf', () => {
  it('knows the canonical words and the alias, and nothing else', () => {
    expect(['error', 'skip', 'update', 'ignore', 'merge', 'toString', ''].map(conflictModeOf)).toEqual(['error', 'skip', 'update', 'skip', undefined, undefined, undefined]);
  });
});
