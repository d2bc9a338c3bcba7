import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIST_FORMATS, RECORD_FORMATS } from '../../src/cli/output/format-names.js';
import { SORT_FIELDS } from '../../src/storage/repositories/video-query.js';
import { VIDEO_STATUSES } from '../../src/storage/entities/video.fields.js';
import { BULK_FORMATS } from '../../src/storage/bulk/formats.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';
import { UPDATABLE_FIELDS, MEDIA_RECORD_KEYS, VIDEO_RECORD_KEYS } from '../../src/storage/records.js';

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
const dir = tempDir();
afterAll(() => dir.cleanup());

async function script(shell: string): Promise<string> {
  const result = await runInProcess(['completion', shell]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const file = join(dir.path, `completion.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

const words = (list: readonly string[]) => list.join(' ');
const SUBCOMMANDS = 'add get list import export count exists search update status delete';

/** Command lines (the last word is being completed) and the words every shell must offer for it. */
const CASES: Array<[string, string]> = [
  ['aana-store vi', 'video'],
  ['aana-store video ', SUBCOMMANDS],
  ['aana-store video list --fo', '--format'],
  ['aana-store video list --format ', words(LIST_FORMATS)],
  ['aana-store --db x.db video search --format n', 'ndjson'],
  ['aana-store video get a1 --format ', words(RECORD_FORMATS)],
  ['aana-store video export --format ', words(BULK_FORMATS)],
  ['aana-store video list --sort ', words(SORT_FIELDS)],
  ['aana-store video list --sort ti', 'title'],
  ['aana-store video update a1 --unset ', words(UPDATABLE_FIELDS)],
  ['aana-store video update a1 --unset d', 'description'],
  ['aana-store video list --fields ', words(VIDEO_RECORD_KEYS)],
  ['aana-store media list --fields ', words(MEDIA_RECORD_KEYS)],
  ['aana-store video status a1 ', words(VIDEO_STATUSES)],
  ['aana-store video list --status ', words(VIDEO_STATUSES)],
  ['aana-store video add --status r', 'running'],
  ['aana-store completion ', 'bash zsh fish'],
  ['aana-store completion z', 'zsh'],
];

describe('bash completion', () => {
  /** Sources the script and calls its function with COMP_WORDS/COMP_CWORD set as bash would. */
  const complete = async (lines: string[]) => {
    const file = await script('bash');
    const body = lines.map((line) => `COMP_WORDS=(${line.endsWith(' ') ? `${line}""` : line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _aana_store_complete; echo "\${COMPREPLY[*]}"`).join('\n');
    const result = spawnSync('bash', ['-c', `source ${file}\n${body}`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').slice(0, -1);
  };

  it('completes commands, options and every value list to its allowed words', async () => {
    expect(await complete(CASES.map(([line]) => line))).toEqual(CASES.map(([, expected]) => expected));
  });

  it('completes the next field of a --fields list, and offers neither files nor --help for a value', async () => {
    const lines = ['aana-store video list --fields id,ti', 'aana-store video list --format x', 'aana-store completion --', 'aana-store --db '];
    expect(await complete(lines)).toEqual(['id,title', '', '--help', '']);
  });
});

describe.skipIf(!has('zsh'))('zsh completion', () => {
  it('offers the same words (compadd stubbed to print what it is given)', async () => {
    const file = await script('zsh');
    const stub = 'compdef() {}; compadd() { local prefix=$2; print -r -- "${prefix}|${(@P)4}" }';
    const calls = CASES.map(([line]) => {
      const parts = line.split(' ');
      return `words=(${parts.map((p) => `'${p}'`).join(' ')}); CURRENT=${parts.length}; _aana_store`;
    });
    const result = spawnSync('zsh', ['-c', `${stub}; source ${file}; ${calls.join('; ')}; words=(aana-store video list --fields id,ti); CURRENT=5; _aana_store`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n').slice(0, -1);
    expect(lines.at(-1)).toBe(`id,|${words(VIDEO_RECORD_KEYS)}`);
    // compadd is given every candidate and keeps those that start with what is typed, as done here.
    const offered = lines.slice(0, -1).map((output, i) => {
      const [prefix, list] = output.split('|');
      const typed = CASES[i][0].split(' ').at(-1) ?? '';
      return `${prefix}${list.split(' ').filter((word) => word.startsWith(typed)).join(' ')}`;
    });
    expect(offered).toEqual(CASES.map(([, expected]) => expected));
  });
});

describe.skipIf(!has('fish'))('fish completion', () => {
  it('offers the same words', async () => {
    const file = await script('fish');
    const lines = [...CASES.map(([line]) => line), 'aana-store video list --fields id,ti'];
    const body = lines.map((line) => `complete -C '${line}' | cut -f1 | string join ' '`).join('; ');
    const result = spawnSync('fish', ['-c', `source ${file}; ${body}`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const expected = [...CASES.map(([, list]) => list), 'id,title'];
    expect(result.stdout.split('\n').slice(0, -1).map((line) => line.split(' ').sort())).toEqual(expected.map((list) => list.split(' ').sort()));
  });
});
