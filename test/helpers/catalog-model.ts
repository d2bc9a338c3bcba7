import fc from 'fast-check';

/**
 * What the documented semantics say the catalog holds, and random writing commands to drive both the
 * CLI and this model with. Timestamps are left out: the model cannot know the clock.
 */
export const FIELDS = ['url', 'path', 'title', 'description'] as const;
export type Field = (typeof FIELDS)[number];
export type Video = { id: string } & Record<Field, string | null>;
export type Catalog = Map<string, Video>;

/** Letters that break naive quoting, escaping, tokenising or terminal output. */
const AWKWARD = ['a', 'Z', '0', ' ', ',', '"', "'", '\\', '\n', '\r', '\t', ';', '|', '%', '*', '\u0001', '\u001b', '\u007f', '\u0085', '\u2028', '😀', 'é', 'e\u0301', '\u0301', '\uFEFF', '漢'];
export const text = fc.string({ unit: fc.constantFrom(...AWKWARD), maxLength: 8 });
const nonEmpty = fc.string({ unit: fc.constantFrom(...AWKWARD), minLength: 1, maxLength: 8 });
// A URL may hold no control character (C0, DEL, C1): that is a refusal, tested on its own.
const urlTail = fc.string({ unit: fc.constantFrom(...AWKWARD.filter((c) => !/[\u0000-\u001f\u007f-\u009f]/.test(c))), maxLength: 8 });
const url = urlTail.map((tail) => `https://e.com/${tail}`);

/** Few ids, so that conflicts are common; one is the longest allowed. */
export const ID_POOL = ['a', 'Z_-9', 'x'.repeat(36), 'f47ac10b-58cc-4372-a567-0e02b2c3d479'];
const id = fc.constantFrom(...ID_POOL);

/** A record as the user gives it: an absent field is undefined, and it has a url or a path. */
export type Input = { id: string } & Partial<Record<Field, string>>;
export const input: fc.Arbitrary<Input> = fc
  .record({ id, url: fc.option(url, { nil: undefined }), path: fc.option(nonEmpty, { nil: undefined }), title: fc.option(text, { nil: undefined }), description: fc.option(text, { nil: undefined }) }, { requiredKeys: ['id'] })
  .filter((record) => record.url !== undefined || record.path !== undefined);

export type Command =
  | { kind: 'add'; record: Input; mode: 'error' | 'ignore' | 'update' }
  | { kind: 'import'; records: Input[]; format: 'ndjson' | 'csv'; eol: string; mode: 'error' | 'skip' | 'update'; batchSize?: number }
  | { kind: 'update'; id: string; set: Partial<Record<Field, string>>; unset: Field[] }
  | { kind: 'delete'; ids: string[] };

const change = fc.constantFrom('keep', 'set', 'unset');
export const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), record: input, mode: fc.constantFrom('error' as const, 'ignore' as const, 'update' as const) }),
  fc.record(
    { kind: fc.constant('import' as const), records: fc.array(input, { minLength: 1, maxLength: 5 }), format: fc.constantFrom('ndjson' as const, 'csv' as const), eol: fc.constantFrom('\n', '\r\n'), mode: fc.constantFrom('error' as const, 'skip' as const, 'update' as const), batchSize: fc.integer({ min: 1, max: 5 }) },
    { requiredKeys: ['kind', 'records', 'format', 'eol', 'mode'] },
  ),
  fc.record({ kind: fc.constant('update' as const), id, changes: fc.tuple(change, change, change, change), url, path: nonEmpty, title: text, description: text }).map(({ id: target, changes, ...values }) => {
    const set: Partial<Record<Field, string>> = {};
    const unset: Field[] = [];
    FIELDS.forEach((field, i) => {
      if (changes[i] === 'set') set[field] = values[field];
      if (changes[i] === 'unset') unset.push(field);
    });
    return { kind: 'update' as const, id: target, set, unset };
  }),
  fc.record({ kind: fc.constant('delete' as const), ids: fc.array(id, { minLength: 1, maxLength: 3 }) }),
);

function fill(record: Input): Video {
  return { id: record.id, url: record.url ?? null, path: record.path ?? null, title: record.title ?? null, description: record.description ?? null };
}

/** Applies one command to the model; returns the exit code the CLI must give. */
export function apply(catalog: Catalog, cmd: Command): number {
  switch (cmd.kind) {
    case 'add': {
      const stored = catalog.get(cmd.record.id);
      if (!stored) catalog.set(cmd.record.id, fill(cmd.record));
      else if (cmd.mode === 'error') return 4;
      else if (cmd.mode === 'update') for (const field of FIELDS) if (cmd.record[field] !== undefined) stored[field] = cmd.record[field]!;
      return 0;
    }
    case 'import': {
      // Each batch is one transaction; under `error` a conflicting batch is rolled back and the import stops.
      const size = cmd.batchSize ?? cmd.records.length;
      for (let start = 0; start < cmd.records.length; start += size) {
        const batch = cmd.records.slice(start, start + size);
        if (cmd.mode === 'error') {
          const ids = batch.map((r) => r.id);
          if (ids.some((i, n) => catalog.has(i) || ids.indexOf(i) !== n)) return 4;
        }
        for (const record of batch) {
          if (cmd.mode === 'skip' && catalog.has(record.id)) continue;
          catalog.set(record.id, fill(record)); // update replaces every field: the last record wins
        }
      }
      return 0;
    }
    case 'update': {
      if (Object.keys(cmd.set).length === 0 && cmd.unset.length === 0) return 2;
      const stored = catalog.get(cmd.id);
      if (!stored) return 3;
      const next = { ...stored, ...cmd.set };
      for (const field of cmd.unset) next[field] = null;
      if (next.url === null && next.path === null) return 2;
      catalog.set(cmd.id, next);
      return 0;
    }
    case 'delete': {
      if (cmd.ids.some((i) => !catalog.has(i))) return 3;
      for (const i of cmd.ids) catalog.delete(i);
      return 0;
    }
  }
}

/** The argv (after `--db X`) and stdin that run one command. */
export function argv(cmd: Command): { args: string[]; input?: string } {
  switch (cmd.kind) {
    case 'add':
      return { args: ['video', 'add', '--id', cmd.record.id, ...FIELDS.flatMap((f) => (cmd.record[f] === undefined ? [] : [`--${f}`, cmd.record[f]])), '--on-conflict', cmd.mode] };
    case 'import': {
      const batch = cmd.batchSize ? ['--batch-size', String(cmd.batchSize)] : [];
      return { args: ['video', 'import', '-', '--format', cmd.format, '--on-conflict', cmd.mode, ...batch], input: cmd.format === 'csv' ? toCsv(cmd.records, cmd.eol) : toNdjson(cmd.records, cmd.eol) };
    }
    case 'update':
      return { args: ['video', 'update', cmd.id, ...Object.entries(cmd.set).flatMap(([f, v]) => [`--${f}`, v]), ...cmd.unset.flatMap((f) => ['--unset', f])] };
    case 'delete':
      return { args: ['video', 'delete', ...cmd.ids] };
  }
}

function toNdjson(records: Input[], eol: string): string {
  return records.map((record) => `${JSON.stringify(record)}${eol}`).join('');
}

/** RFC 4180 as docs/cli.md documents it: an empty field is null, `""` is an empty string. */
function toCsv(records: Input[], eol: string): string {
  const cell = (value: string | undefined) => (value === undefined ? '' : `"${value.replace(/"/g, '""')}"`);
  return [`id,url,path,title,description${eol}`, ...records.map((r) => `${[r.id, r.url, r.path, r.title, r.description].map(cell).join(',')}${eol}`)].join('');
}

/** The export text the catalog must give, one NDJSON line per video sorted by id, without timestamps. */
export function expectedLines(catalog: Catalog): string[] {
  return [...catalog.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((v) => JSON.stringify({ id: v.id, url: v.url, path: v.path, title: v.title, description: v.description, duration: null, status: null }));
}

/** Export lines with the timestamps cut off, sorted by id, the rest of each line kept byte for byte. */
export function exportedLines(ndjson: string): string[] {
  const lines = ndjson.split('\n');
  if (lines.pop() !== '') throw new Error(`export does not end with a newline: ${JSON.stringify(ndjson.slice(-80))}`);
  return lines
    .map((line) => {
      const match = /^(.*),"created_at":"[^"]*","updated_at":"[^"]*"\}$/s.exec(line);
      if (!match) throw new Error(`export line without timestamps at the end: ${line}`);
      return `${match[1]}}`;
    })
    .sort((a, b) => {
      const [x, y] = [JSON.parse(a).id as string, JSON.parse(b).id as string];
      return x < y ? -1 : x > y ? 1 : 0;
    });
}
