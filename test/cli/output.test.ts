import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const HOSTILE = 'A\rB\u001b[31mred\u001b]0;pwned\u0007\u009b2J\u202eevil\u2066x\tend';
const colourable = (extra: NodeJS.ProcessEnv = {}) => {
  const { NO_COLOR: _, ...env } = baseEnv({ TERM: 'xterm' });
  return { ...env, ...extra };
};

describe('output on a terminal and off it', () => {
  const dir = tempDir();
  const db = join(dir.path, 'store.db');
  const cli = (args: string[], options: Parameters<typeof runInProcess>[1] = {}) => runInProcess(['--db', db, ...args], options);
  beforeAll(async () => {
    expect((await cli(['init'])).code).toBe(0);
    const input = [
      { id: 'evil', url: 'https://e.com/evil', title: HOSTILE, description: 'plain' },
      { id: 'formula', url: 'https://e.com/f', title: '=cmd|\' /C calc\'!A0', description: '+1' },
      { id: 'long-id-that-must-never-be-cut-00001', url: `https://e.com/${'x'.repeat(150)}`, title: 'T'.repeat(100), description: 'D'.repeat(100) },
    ].map((v) => JSON.stringify(v)).join('\n');
    expect((await cli(['video', 'import', '-'], { input })).code).toBe(0);
  });
  afterAll(() => dir.cleanup());

  describe('terminal escape injection', () => {
    const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    it('video get shows control characters escaped on a terminal', async () => {
      const result = await cli(['video', 'get', 'evil'], { tty: { columns: 80 } });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toMatch(controls);
      expect(result.stdout).toContain('title:       A\\rB\\x1b[31mred\\x1b]0;pwned\\x07\\x9b2J\\u202eevil\\u2066x\\tend\n');
    });

    it('the table view shows control characters escaped on a terminal', async () => {
      const result = await cli(['video', 'list', '--fields', 'id,title'], { tty: { columns: 200 } });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(controls);
      expect(result.stdout).toMatch(/^evil +A\\rB\\x1b\[31mred\\x1b\]0;pwned\\x07\\x9b2J\\u202eevil\\u2066x\\tend$/m);
    });

    it('machine formats keep the data exact, even on a terminal', async () => {
      const ndjson = await cli(['video', 'list', '--format', 'ndjson', '--fields', 'id,title'], { tty: { columns: 80 } });
      expect(JSON.parse(ndjson.stdout.split('\n')[0])).toEqual({ id: 'evil', title: HOSTILE });
      const json = await cli(['video', 'get', 'evil', '--format', 'json', '--fields', 'title'], { tty: { columns: 80 } });
      expect(JSON.parse(json.stdout)).toEqual({ title: HOSTILE });
      const csv = await cli(['video', 'get', 'evil', '--format', 'csv', '--fields', 'id,title'], { tty: { columns: 80 } });
      expect(csv.stdout).toBe(`id,title\nevil,"${HOSTILE}"\n`);
      const ids = await cli(['video', 'list', '--format', 'ids'], { tty: { columns: 80 } });
      expect(ids.stdout.split('\n')).toContain('evil');
    });
  });

  describe('width', () => {
    it('never cuts output that is not a terminal (config, a piped table), whatever COLUMNS says', async () => {
      const table = await cli(['video', 'list', '--format', 'table'], { env: { ...baseEnv(), COLUMNS: '40' } });
      expect(table.code).toBe(0);
      expect(table.stdout).toContain(`https://e.com/${'x'.repeat(150)}`);
      expect(table.stdout).not.toContain('…');
      const longDir = join(dir.path, 'a-folder-with-a-rather-long-name-to-go-past-eighty-columns-for-sure');
      mkdirSync(longDir, { recursive: true });
      const config = await runInProcess(['--db', join(longDir, 'x.db'), 'config']);
      expect(config.code).toBe(0);
      expect(config.stdout).toContain(join(longDir, 'x.db'));
    });

    it('on a terminal uses COLUMNS when set, and never cuts the id', async () => {
      const wide = await cli(['video', 'list', '--format', 'table'], { tty: { columns: 80 }, env: { ...baseEnv(), COLUMNS: '120' } });
      const lines = wide.stdout.split('\n').filter(Boolean);
      expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(80);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
      const narrow = await cli(['video', 'list', '--format', 'table'], { tty: { columns: 30 } });
      expect(narrow.code).toBe(0);
      expect(narrow.stdout).toContain('long-id-that-must-never-be-cut-00001');
      for (const line of narrow.stdout.split('\n').filter(Boolean)) expect(line.length).toBeLessThanOrEqual(38);
    });
  });

  it('--fields naming a field twice is a usage error naming it', async () => {
    for (const format of ['csv', 'tsv', 'json']) {
      const result = await cli(['video', 'list', '--format', format, '--fields', 'id,title,id']);
      expect(result).toEqual({ code: 2, signal: null, stdout: '', stderr: 'error: --fields: "id" is named twice\n' });
    }
  });

  describe('csv formula cells', () => {
    it('are written exactly by default', async () => {
      const result = await cli(['video', 'get', 'formula', '--format', 'csv', '--fields', 'title,description']);
      expect(result.stdout).toBe('title,description\n=cmd|\' /C calc\'!A0,+1\n');
    });

    it('--csv-safe prefixes a quote to cells a spreadsheet would run', async () => {
      const listed = await cli(['video', 'list', '--format', 'csv', '--fields', 'id,title,description', '--csv-safe']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('formula,\'=cmd|\' /C calc\'!A0,\'+1\n');
      const file = join(dir.path, 'safe.csv');
      const exported = await cli(['video', 'export', file, '--csv-safe']);
      expect(exported.code).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain(',\'=cmd|\' /C calc\'!A0,\'+1,');
    });
  });

  describe('colour', () => {
    const bold = '\u001b[1m';
    const table = (env: NodeJS.ProcessEnv, tty = true) => cli(['config'], { env, ...(tty ? { tty: { columns: 200 } } : {}) });
    it('an empty NO_COLOR does not disable colour; a non-empty one does', async () => {
      expect((await table(colourable({ NO_COLOR: '' }))).stdout).toContain(bold);
      expect((await table(colourable({ NO_COLOR: '1' }))).stdout).not.toContain(bold);
    });

    it('FORCE_COLOR=0 turns colour off on a terminal; 1, 2 or 3 turns it on off one', async () => {
      expect((await table(colourable({ FORCE_COLOR: '0' }))).stdout).not.toContain(bold);
      for (const level of ['1', '2', '3']) expect((await table(colourable({ FORCE_COLOR: level }), false)).stdout).toContain(bold);
      expect((await table(colourable({}), false)).stdout).not.toContain(bold);
    });
  });

  describe('export targets', () => {
    it('a missing folder or a folder as target: one error line, exit 1', async () => {
      const missing = await cli(['video', 'export', join(dir.path, 'missing', 'x.ndjson')]);
      expect(missing.code).toBe(1);
      expect(missing.stdout).toBe('');
      expect(missing.stderr).toMatch(/^error: cannot write .*missing\/x\.ndjson: no such file or directory\n$/);
      const folder = join(dir.path, 'a-folder.ndjson');
      mkdirSync(folder);
      const isDir = await cli(['video', 'export', folder]);
      expect(isDir.code).toBe(1);
      expect(isDir.stderr).toMatch(/^error: cannot write .*a-folder\.ndjson: (it )?is a directory\n$/);
    });

    it('keeps an existing file when the database cannot be opened', async () => {
      const file = join(dir.path, 'keep.ndjson');
      writeFileSync(file, 'precious\n');
      const result = await runInProcess(['--db', join(dir.path, 'nowhere', 'none.db'), 'video', 'export', file]);
      expect(result.code).not.toBe(0);
      expect(readFileSync(file, 'utf8')).toBe('precious\n');
    });

    it('keeps an existing file and leaves no temporary file when interrupted half-way', async () => {
      const input = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `m${i}`, url: `https://e.com/${i}`, description: 'x'.repeat(200) })).join('\n');
      expect((await cli(['video', 'import', '-'], { input })).code).toBe(0);
      const file = join(dir.path, 'midway.ndjson');
      writeFileSync(file, 'precious\n');
      const controller = new AbortController();
      const temp = () => readdirSync(dir.path).find((name) => name.startsWith('.midway.ndjson.'));
      // Abort once the export has written part of its temporary file.
      const poll = setInterval(() => {
        const name = temp();
        if (name && statSync(join(dir.path, name)).size > 0) controller.abort();
      }, 5);
      const result = await cli(['video', 'export', file], { signal: controller.signal });
      clearInterval(poll);
      expect(controller.signal.aborted).toBe(true);
      expect(result.code).toBe(130);
      expect(result.stderr).toBe('error: interrupted\n');
      expect(readFileSync(file, 'utf8')).toBe('precious\n');
      expect(temp()).toBeUndefined();
      await cli(['video', 'delete', '--yes', ...Array.from({ length: 20_000 }, (_, i) => `m${i}`)]);
    });

    it('keeps an existing file and leaves no temporary file when interrupted', async () => {
      const file = join(dir.path, 'interrupted.ndjson');
      writeFileSync(file, 'precious\n');
      const controller = new AbortController();
      controller.abort();
      const result = await cli(['video', 'export', file], { signal: controller.signal });
      expect(result.code).toBe(130);
      expect(result.stderr).toBe('error: interrupted\n');
      expect(readFileSync(file, 'utf8')).toBe('precious\n');
      expect(readdirSync(dir.path).filter((name) => name.includes('interrupted'))).toEqual(['interrupted.ndjson']);
    });
  });
});
