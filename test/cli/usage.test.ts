import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../helpers/backends.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const dir = tempDir();
const db = join(dir.path, 'usage.db');
beforeAll(async () => expect((await runInProcess(['--db', db, 'init'])).code).toBe(0));
afterAll(() => dir.cleanup());

/** A usage error: exit 2, nothing on stdout, the error as one line and nothing else. */
async function usageError(argv: string[], line: string) {
  const result = await runInProcess(['--db', db, ...argv]);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`error: ${line}\n`);
}

describe('wrong values get a suggestion, on one line', () => {
  it.each([
    [['video', 'list', '--sort', 'titel'], '--sort: unknown field "titel"; did you mean "title"?'],
    [['video', 'update', 'a1', '--unset', 'titel'], '--unset: unknown field "titel"; did you mean "title"?'],
    [['video', 'list', '--format', 'jsn'], '--format: unknown format "jsn"; did you mean "json"?'],
    [['video', 'get', 'a1', '--format', 'tvs'], '--format: unknown format "tvs"; did you mean "tsv"?'],
    [['video', 'add', '--path', '/a', '--format', 'jsonl'], '--format: unknown format "jsonl"; did you mean "json"?'],
    [['video', 'export', '--format', 'cvs'], '--format: unknown format "cvs"; did you mean "csv"?'],
    [['video', 'import', '--format', 'ndjsn'], '--format: unknown format "ndjsn"; did you mean "ndjson"?'],
    [['video', 'list', '--fields', 'id,titel'], '--fields: unknown field "titel"; did you mean "title"?'],
    [['media', 'list', '--fields', 'id,media_typ'], '--fields: unknown field "media_typ"; did you mean "media_type"?'],
    [['video', 'rm', 'a1'], "unknown command 'rm'; did you mean delete?"],
    [['video', 'serch', 'x'], "unknown command 'serch'; did you mean search?"],
    [['video', 'list', '--fromat', 'json'], "unknown option '--fromat'; did you mean --format?"],
    [['completion', 'bsh'], 'shell: unknown shell "bsh"; did you mean "bash"?'],
    [['help', 'video', 'lst'], "unknown command 'lst'; did you mean list?"],
  ])('%j', async (argv, line) => {
    await usageError(argv, line);
  });

  it('names the allowed values when none is close, still on one line', async () => {
    await usageError(['video', 'list', '--format', 'xml'], '--format: unknown format "xml" (one of table, json, ndjson, csv, tsv, ids)');
    await usageError(['video', 'import', '-', '--on-conflict', 'merge'], '--on-conflict: unknown mode "merge" (one of error, skip, update)');
    await usageError(['video', 'get'], "missing required argument 'id'");
    await usageError(['nosuch'], "unknown command 'nosuch'");
  });
});

describe('help and version', () => {
  it('--version prints the version on stdout alone', async () => {
    const result = await runInProcess(['--version']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('help follows the whole command path, on stdout', async () => {
    const [viaHelp, viaFlag, nested] = await Promise.all([runInProcess(['help', 'video', 'list']), runInProcess(['video', 'list', '--help']), runInProcess(['video', 'help', 'list'])]);
    expect(viaHelp).toMatchObject({ code: 0, stderr: '' });
    expect(viaHelp.stdout).toMatch(/^Usage: aana-store video list \[options\]\n/);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(nested.stdout).toBe(viaFlag.stdout);
  });

  it('--help lists the commands, examples and exit codes on stdout', async () => {
    const help = await runInProcess(['--help']);
    expect(help.code).toBe(0);
    for (const word of ['init', 'migrate', 'video', '--db', '--config', '--verbose', '--quiet', '--no-color', 'Examples:', 'Exit codes:']) expect(help.stdout).toContain(word);
  });

  it.each([['init'], ['migrate'], ['migrate', 'status'], ['migrate', 'down'], ['video', 'add'], ['video', 'get'], ['video', 'list']])('%s --help shows an example', async (...command) => {
    const help = await runInProcess([...command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n {2}\$ \S*aana-store /);
  });

  it('a command group run alone prints its help on stderr, exit 2', async () => {
    const result = await runInProcess(['video']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^Usage: aana-store video \[options\] \[command\]\n/);
  });
});

describe('more usage errors and help', () => {
  it('bad options are usage errors (exit 2) naming what is wrong, with suggestions', async () => {
    const [fields, since, typo] = await Promise.all([
      runInProcess(['--db', db, 'video', 'list', '--fields', 'id,colour']),
      runInProcess(['--db', db, 'video', 'count', '--since', 'yesterday']),
      runInProcess(['--db', db, 'video', 'serch', 'x']),
    ]);
    expect(fields).toMatchObject({ code: 2, stdout: '', stderr: 'error: --fields: unknown field "colour" (one of id, url, path, title, description, duration, status, created_at, updated_at)\n' });
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/^error: option '--since <when>' argument 'yesterday' is invalid\./);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("error: unknown command 'serch'; did you mean search?\n");
  });

  it('every new command shows an example in --help', async () => {
    const commands = [
      ['video', 'count'],
      ['video', 'exists'],
      ['video', 'search'],
      ['video', 'update'],
      ['video', 'delete'],
      ['media', 'list'],
      ['media', 'get'],
      ['config'],
      ['doctor'],
      ['migrate', 'check'],
      ['completion'],
    ];
    const results = await Promise.all(commands.map((command) => runInProcess([...command, '--help'])));
    results.forEach((help, i) => {
      expect(help.code, commands[i].join(' ')).toBe(0);
      expect(help.stdout, commands[i].join(' ')).toMatch(new RegExp(`Examples:\\n {2}\\$ .*aana-store ${commands[i][0]}`));
    });
  });
});

describe('status messages', () => {
  it('-q silences them', async () => {
    expect(await runInProcess(['--db', join(dir.path, 'quiet.db'), '-q', 'init'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('echoed values stay short and on one line', () => {
  it('an id of 10,000 characters is not echoed whole', async () => {
    const long = 'x'.repeat(10_000);
    await usageError(['video', 'get', long], 'id: must be at most 36 characters, got 10000');
    await usageError(['video', 'list', '--after', long], '--after: must be at most 36 characters, got 10000');
    const add = await runInProcess(['--db', db, 'video', 'add', '--url', `https://example.com/${'y'.repeat(70_000)}\nz`]);
    expect(add.code).toBe(2);
    expect(add.stderr).toBe(`error: url: must be at most 65536 characters, got 70022\n`);
  });

  it('a newline in an id or a path is escaped, never splitting or cutting the line', async () => {
    await usageError(['video', 'get', 'a\nb'], 'id: "a\\nb" may contain only letters, digits, "_" and "-"');
    await usageError(['video', 'add', '--path', '/a', '--id', `${'a'.repeat(30)}\n${'b'.repeat(100)}`], 'id: must be at most 36 characters, got 131');
    await usageError(['video', 'add', '--url', `no-scheme\n${'u'.repeat(200)}`], 'url: must not contain control characters (U+000A at character 10)');
    const path = join(dir.path, 'no\nsuch.ndjson');
    const missing = await runInProcess(['--db', db, 'video', 'import', path]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe(`error: cannot read ${JSON.stringify(path)}: ENOENT\n`);
    writeFileSync(join(dir.path, 'odd\nname.txt'), '');
    const unknown = await runInProcess(['--db', db, 'video', 'import', 'odd\nname.txt'], { cwd: dir.path });
    expect(unknown.stderr).toBe('error: cannot tell the format of "odd\\nname.txt" from its extension; pass --format ndjson|csv|json\n');
  });
});

describe.each(BACKENDS)('format names and messages on $kind', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    let backend: Backend;
    const cli = (...argv: string[]) => runInProcess(['--db', backend.spec, ...argv]);
    beforeAll(async () => {
      backend = await create();
      expect((await cli('init')).code).toBe(0);
      expect((await cli('video', 'add', '--url', 'https://example.com/a.mp4', '--id', 'a1', '--title', 'A'))).toMatchObject({ code: 0, stdout: 'a1\n' });
    });
    afterAll(() => backend?.cleanup());

    it('format names are case-insensitive and jsonl is ndjson: list, get, export, import', async () => {
      const ndjson = await cli('video', 'list', '--format', 'ndjson');
      expect(ndjson.code).toBe(0);
      for (const format of ['jsonl', 'JSONL', 'NDJSON']) expect(await cli('video', 'list', '--format', format)).toEqual(ndjson);
      expect(await cli('video', 'list', '--format', 'JSON')).toEqual(await cli('video', 'list', '--format', 'json'));
      expect(await cli('video', 'get', 'a1', '--format', 'jsonl')).toEqual(ndjson);
      expect(await cli('media', 'get', 'a1', '--format', 'Csv')).toEqual(await cli('media', 'get', 'a1', '--format', 'csv'));
      const exported = await cli('video', 'export', '--format', 'JsonL');
      expect(exported).toMatchObject({ code: 0, stderr: '' });
      const line = exported.stdout.replace('"a1"', '"a2"');
      const imported = await runInProcess(['--db', backend.spec, 'video', 'import', '-', '--format', 'jsonl', '--report', 'JSON'], { input: line });
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 1 });
    });

    it('not found and already exists quote the id', async () => {
      expect(await cli('video', 'get', 'nope')).toMatchObject({ code: 3, stdout: '', stderr: 'error: video not found: "nope"\n' });
      expect(await cli('video', 'add', '--path', '/b', '--id', 'a1')).toMatchObject({ code: 4, stdout: '', stderr: 'error: media already exists: "a1"\n' });
    });
  });
});
