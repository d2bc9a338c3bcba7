import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { snapshot } from '../helpers/snapshot.js';

interface Case {
  name: string;
  args: string[];
  /** stdin, or a file to write first (its path replaces `$FILE` in args). */
  input?: string | Buffer;
  file?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  code: number;
  stderr: RegExp;
}

const ndjson = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const ok = { path: '/fine.mp4' };

const CASES: Case[] = [
  // Ids on the command line
  { name: 'empty id', args: ['video', 'add', '--path', '/a', '--id', ''], code: 2, stderr: /^error: option '--id <id>' argument '' is invalid|^error: id: must not be empty/ },
  { name: 'id of 37 characters', args: ['video', 'add', '--path', '/a', '--id', 'x'.repeat(37)], code: 2, stderr: /^error: id: must be at most 36 characters, got 37$/ },
  { name: 'id with a space', args: ['video', 'add', '--path', '/a', '--id', 'a b'], code: 2, stderr: /^error: id: "a b" may contain only letters/ },
  { name: 'id with a slash', args: ['video', 'add', '--path', '/a', '--id', 'a/b'], code: 2, stderr: /^error: id: "a\/b" may contain only/ },
  { name: 'id with a dot', args: ['video', 'add', '--path', '/a', '--id', 'a.b'], code: 2, stderr: /^error: id: "a.b" may contain only/ },
  { name: 'id with a quote', args: ['video', 'add', '--path', '/a', '--id', "a'b"], code: 2, stderr: /^error: id: "a'b" may contain only/ },
  { name: 'id with an emoji', args: ['video', 'add', '--path', '/a', '--id', 'clip🎬'], code: 2, stderr: /^error: id: "clip🎬" may contain only/ },
  { name: 'SQL as an id', args: ['video', 'add', '--path', '/a', '--id', "'; DROP TABLE media; --"], code: 2, stderr: /^error: id: .* may contain only/ },
  { name: 'get with an invalid id', args: ['video', 'get', '../etc'], code: 2, stderr: /^error: id: "..\/etc" may contain only letters/ },
  { name: '--after with an invalid id', args: ['video', 'list', '--after', 'a b'], code: 2, stderr: /^error: --after: "a b" may contain only letters/ },
  // Fields on the command line
  { name: 'neither url nor path', args: ['video', 'add', '--title', 'x'], code: 2, stderr: /^error: url: a video needs a url or a path$/ },
  { name: 'url that is not a URL', args: ['video', 'add', '--url', 'example.com/x.mp4'], code: 2, stderr: /^error: url: "example.com\/x.mp4" is not an absolute URL/ },
  { name: 'url with a space in the host', args: ['video', 'add', '--url', 'http://exa mple.com/x'], code: 2, stderr: /^error: url: .* is not a valid URL$/ },
  { name: 'empty url', args: ['video', 'add', '--url', ''], code: 2, stderr: /^error: url: must not be empty$/ },
  { name: 'empty path', args: ['video', 'add', '--path', ''], code: 2, stderr: /^error: path: must not be empty$/ },
  // The kernel refuses a single argument over 128 KiB, so this is the longest title argv can carry.
  { name: 'title of 128 KiB', args: ['video', 'add', '--path', '/a', '--title', 't'.repeat(131_000)], code: 2, stderr: /^error: title: must be at most 65536 characters, got 131000$/ },
  { name: 'description too long', args: ['video', 'add', '--path', '/a', '--description', 'd'.repeat(70_000)], code: 2, stderr: /^error: description: must be at most 65536 characters, got 70000$/ },
  // Options
  { name: 'unknown --format for add', args: ['video', 'add', '--path', '/a', '--format', 'yaml'], code: 2, stderr: /^error: --format: unknown format "yaml" \(one of id, json\)$/ },
  { name: 'unknown --format for list', args: ['video', 'list', '--format', 'xml'], code: 2, stderr: /^error: --format: unknown format "xml" \(one of table, json, ndjson, csv, tsv, ids\)$/ },
  { name: 'unknown --format for get', args: ['video', 'get', 'x', '--format', 'xml'], code: 2, stderr: /^error: --format: unknown format "xml"/ },
  { name: 'negative --limit', args: ['video', 'list', '--limit', '-5'], code: 2, stderr: /--limit/ },
  { name: 'non-numeric --limit', args: ['video', 'list', '--limit', 'many'], code: 2, stderr: /^error: option '--limit <n>' argument 'many' is invalid. must be a positive integer$/ },
  { name: 'zero --limit', args: ['video', 'list', '--limit', '0'], code: 2, stderr: /^error: option '--limit <n>' argument '0' is invalid. must be a positive integer$/ },
  { name: 'fractional --limit', args: ['video', 'list', '--limit', '2.5'], code: 2, stderr: /argument '2.5' is invalid. must be a positive integer$/ },
  { name: 'unknown --on-conflict', args: ['video', 'import', '-', '--on-conflict', 'merge'], input: ndjson(ok), code: 2, stderr: /^error: --on-conflict: unknown mode "merge"/ },
  { name: 'zero --batch-size', args: ['video', 'import', '-', '--batch-size', '0'], input: ndjson(ok), code: 2, stderr: /^error: option '--batch-size <n>' argument '0' is invalid/ },
  // Settings
  // A URL without a database name is valid (libpq: the user's name), so the malformed case is a port.
  { name: 'malformed --db: a port that is no number', args: ['--db', 'postgresql://u@localhost:notaport/db', 'video', 'list'], code: 2, stderr: /^error: database spec: not a valid postgresql:\/\/ URL/ },
  { name: 'malformed --db: unknown scheme', args: ['--db', 'mysql://u@h/db', 'video', 'list'], code: 2, stderr: /^error: database spec: unsupported scheme "mysql"/ },
  { name: 'malformed --db: empty sqlite path', args: ['--db', 'sqlite:', 'video', 'list'], code: 2, stderr: /^error: database spec: "sqlite:": the SQLite path is empty$/ },
  { name: 'malformed --db: bad port, password hidden', args: ['--db', 'postgresql://u:Sup3rS3cret@h:99999/db', 'video', 'list'], code: 2, stderr: /^error: database spec: not a valid postgresql:\/\/ URL$/ },
  { name: 'config file that is not JSON', args: ['--config', '$FILE', 'video', 'list'], file: '{"datastore_type": sqlite}', code: 2, stderr: /^error: config file .*: not valid JSON/ },
  { name: 'DB_CONFIG with a wrong datastore_type', args: ['video', 'list'], env: { DB_CONFIG: '{"datastore_type":"mongodb"}' }, code: 2, stderr: /^error: DB_CONFIG: datastore_type: must be "sqlite" or "postgresql", got "mongodb"$/ },
  { name: 'DB_CONFIG that is not JSON', args: ['video', 'list'], env: { DB_CONFIG: 'sqlite:///x.db' }, code: 2, stderr: /^error: DB_CONFIG: not valid JSON/ },
  { name: 'SQLite path in a folder that does not exist', args: ['--db', '/nonexistent-folder/sub/x.db', 'video', 'add', '--path', '/a'], code: 1, stderr: /^error: SQLite database \/nonexistent-folder\/sub\/x.db does not exist; run `aana-store init` to create it$/ },
  { name: 'SQLite path under a regular file', args: ['--db', '/etc/hostname/x.db', 'init'], code: 1, stderr: /^error: .*\/etc\/hostname.*(ENOTDIR|not a directory)/i },
  { name: 'a file that is not a SQLite database', args: ['--db', '$FILE', 'video', 'list'], file: 'SQLite format 2\0'.padEnd(4096, 'x'), code: 1, stderr: /^error: cannot open SQLite database .*: file is not a database$/ },
  // File input: every error names the line and the field
  { name: 'import: invalid UTF-8', args: ['video', 'import', '-'], input: Buffer.concat([Buffer.from(ndjson(ok)), Buffer.from('{"path":"/b\xff\xfe"}\n', 'latin1')]), code: 2, stderr: /^error: line 2: record: invalid UTF-8$/ },
  { name: 'import: NUL in a title', args: ['video', 'import', '-'], input: ndjson(ok, { path: '/b', title: 'a\0b' }), code: 2, stderr: /^error: line 2: title: must not contain NUL bytes$/ },
  { name: 'import: NUL in an id', args: ['video', 'import', '-'], input: ndjson({ id: 'a\0b', path: '/b' }), code: 2, stderr: /^error: line 1: id: .* may contain only/ },
  { name: 'import: title of 1 MB', args: ['video', 'import', '-'], input: ndjson(ok, ok, { path: '/big', title: 't'.repeat(1024 * 1024) }), code: 2, stderr: /^error: line 3: title: must be at most 65536 characters/ },
  { name: 'import: a record of 10 MB', args: ['video', 'import', '-'], input: ndjson(ok, ok, { path: '/big', title: 't'.repeat(10 * 1024 * 1024) }), code: 2, stderr: /^error: line 3: record: longer than 4194304 characters, the most one record may have$/ },
  { name: 'import: malformed JSON line', args: ['video', 'import', '-'], input: `${ndjson(ok)}{"path": "/b",\n`, code: 2, stderr: /^error: line 2: .*JSON/ },
  { name: 'import: a record that is not an object', args: ['video', 'import', '-'], input: ndjson(['/a.mp4']), code: 2, stderr: /^error: line 1: / },
  { name: 'import: unknown key', args: ['video', 'import', '-'], input: ndjson({ path: '/a', rating: 5 }), code: 2, stderr: /^error: line 1: rating: unknown field / },
  { name: 'import: id of the wrong type', args: ['video', 'import', '-'], input: ndjson({ id: 42, path: '/a' }), code: 2, stderr: /^error: line 1: id: / },
  { name: 'import: url of the wrong type', args: ['video', 'import', '-'], input: ndjson({ url: ['x'] }), code: 2, stderr: /^error: line 1: url: / },
  { name: 'import: missing url and path', args: ['video', 'import', '-'], input: ndjson(ok, { title: 'orphan' }), code: 2, stderr: /^error: line 2: url: a video needs a url or a path$/ },
  { name: 'import: created_at that is not a timestamp', args: ['video', 'import', '-'], input: ndjson({ path: '/a', created_at: 'yesterday' }), code: 2, stderr: /^error: line 1: created_at: / },
  { name: 'import: CSV with an unknown column', args: ['video', 'import', '$FILE'], file: 'id,path,rating\na,/a,5\n', code: 2, stderr: /rating/ },
  { name: 'import: CSV with a short row', args: ['video', 'import', '$FILE'], file: 'id,path,title\na,/a,ok\nb\n', code: 2, stderr: /^error: line 3: / },
  // An extended video's duration and status
  ...['NaN', 'inf', 'Infinity', '-1', '-0.5', '1e999', 'abc', '0x10', '', ' 5', '5s', '1,5', '--5'].map((value): Case => ({
    name: `--duration ${JSON.stringify(value)}`,
    args: ['video', 'add', '--path', '/d', `--duration=${value}`],
    code: 2,
    stderr: /^error: option '--duration <seconds>' argument .* is invalid\. /,
  })),
  { name: '--status without --duration', args: ['video', 'add', '--path', '/d', '--status', 'running'], code: 2, stderr: /^error: status: needs a duration/ },
  { name: 'unknown --status', args: ['video', 'add', '--path', '/d', '--duration', '5', '--status', 'paused'], code: 2, stderr: /^error: --status: unknown status "paused"/ },
  { name: 'update --duration -1', args: ['video', 'update', 'keep', '--duration', '-1'], code: 2, stderr: /^error: option '--duration <seconds>' argument '-1' is invalid\. must not be negative, got -1$/ },
  { name: 'update --status of a plain video', args: ['video', 'update', 'keep', '--status', 'failed'], code: 2, stderr: /^error: status: video keep is a plain video and has no status/ },
  { name: 'update --unset duration', args: ['video', 'update', 'keep', '--unset', 'duration'], code: 2, stderr: /^error: --unset: unknown field "duration"/ },
  { name: 'status of a plain video', args: ['video', 'status', 'keep'], code: 2, stderr: /^error: status: video keep is a plain video and has no status: give it a duration/ },
  { name: 'set the status of a plain video', args: ['video', 'status', 'keep', 'running'], code: 2, stderr: /^error: status: video keep is a plain video/ },
  { name: 'status of an unknown video', args: ['video', 'status', 'nope'], code: 3, stderr: /^error: video not found: "nope"$/ },
  { name: 'unknown status word', args: ['video', 'status', 'keep', 'paused'], code: 2, stderr: /^error: status: unknown status "paused"/ },
  { name: '--min-duration that is no number', args: ['video', 'list', '--min-duration', 'long'], code: 2, stderr: /^error: option '--min-duration <seconds>' argument 'long' is invalid/ },
  { name: 'import: negative duration', args: ['video', 'import', '-'], input: ndjson(ok, { path: '/d', duration: -1 }), code: 2, stderr: /^error: line 2: duration: must not be negative, got -1$/ },
  { name: 'import: duration as a boolean', args: ['video', 'import', '-'], input: ndjson({ path: '/d', duration: true }), code: 2, stderr: /^error: line 1: duration: must be a number of seconds, got true$/ },
  { name: 'import: duration 1e999 in JSON', args: ['video', 'import', '-'], input: `{"path":"/d","duration":1e999}\n`, code: 2, stderr: /^error: line 1: duration: must be a number of seconds, got null$|^error: line 1: duration: / },
  { name: 'import: duration text that is no number', args: ['video', 'import', '$FILE'], file: 'id,path,duration\na,/a,12s\n', code: 2, stderr: /^error: line 2: duration: must be a number of seconds, got "12s"$/ },
  { name: 'import: status without a duration', args: ['video', 'import', '-'], input: ndjson(ok, { path: '/d', status: 'running' }), code: 2, stderr: /^error: line 2: status: needs a duration/ },
  { name: 'import: status in capitals', args: ['video', 'import', '-'], input: ndjson({ path: '/d', duration: 1, status: 'RUNNING' }), code: 2, stderr: /^error: line 1: status: must be one of created, running, completed, failed, got "RUNNING"$/ },
  { name: 'import: a record without duration over an extended video', args: ['video', 'import', '-', '--on-conflict', 'update'], input: ndjson({ id: 'ext', path: '/ext.mp4' }), code: 2, stderr: /^error: line 1: duration: "ext" is an extended video: a record updating it must give its duration/ },
  { name: 'import: a file that does not exist', args: ['video', 'import', '/nonexistent/in.ndjson'], code: 2, stderr: /^error: cannot read "\/nonexistent\/in.ndjson": ENOENT$/ },
];

describe.each(BACKENDS)('hostile and broken input on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let db: Backend;
    const dir = tempDir();
    beforeAll(async () => {
      db = await create();
      expect((await runInProcess(['--db', db.spec, 'init'])).code).toBe(0);
      expect((await runInProcess(['--db', db.spec, 'video', 'add', '--url', 'https://example.com/keep.mp4', '--id', 'keep', '--title', 'Keep'])).code).toBe(0);
      expect((await runInProcess(['--db', db.spec, 'video', 'add', '--path', '/ext.mp4', '--id', 'ext', '--duration', '61.5', '--status', 'running'])).code).toBe(0);
    });
    afterAll(async () => {
      await db?.cleanup();
      dir.cleanup();
    });

    // The settings cases do not reach a database, so they run once, on SQLite.
    const cases = kind === 'sqlite' ? CASES : CASES.filter((c) => !c.args.includes('--db') && !c.args.includes('--config') && !c.env);

    it.each(cases)('$name: exit $code, one line naming the field, empty stdout, database unchanged', async (c) => {
      const before = await snapshot(db);
      let args = c.args;
      if (c.file !== undefined) {
        const ext = c.args.includes('import') ? '.csv' : '.json';
        const path = join(dir.path, `${c.name.replace(/\W+/g, '-')}${ext}`);
        writeFileSync(path, c.file);
        args = args.map((a) => (a === '$FILE' ? path : a));
      }
      const useDb = args.includes('--db') || args.includes('--config') || c.env?.DB_CONFIG ? [] : ['--db', db.spec];
      const result = await runInProcess([...useDb, ...args], { env: baseEnv(c.env), input: c.input });
      expect(result.stdout).toBe('');
      expect(result.code).toBe(c.code);
      expect(result.stderr.endsWith('\n')).toBe(true);
      const lines = result.stderr.slice(0, -1).split('\n');
      // A mistake in the command line is followed by one hint line; the error itself is the first line.
      expect(lines.length).toBeLessThanOrEqual(c.code === 2 && lines[1]?.startsWith('(') ? 2 : 1);
      expect(lines[0]).toMatch(c.stderr);
      expect(result.stderr).not.toContain('Sup3rS3cret');
      expect(await snapshot(db)).toEqual(before);
    });
  });
});
