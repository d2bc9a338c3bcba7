import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

describe('run(argv, io) in process', () => {
  const dir = tempDir();
  const db = join(dir.path, 'store.db');
  afterAll(() => dir.cleanup());

  it('initialises, imports from stdin and lists', async () => {
    expect((await runInProcess(['--db', db, 'init'])).code).toBe(0);
    const imported = await runInProcess(['--db', db, 'video', 'import', '-'], { input: '{"id":"a","url":"https://e.com/a","title":"A"}\n' });
    expect(imported).toMatchObject({ code: 0, stdout: '' });
    expect(imported.stderr).toMatch(/inserted 1/);
    const listed = await runInProcess(['--db', db, 'video', 'list', '--format', 'ids']);
    expect(listed).toMatchObject({ code: 0, stdout: 'a\n', stderr: '' });
  });

  it('reports a usage error with exit 2', async () => {
    const result = await runInProcess(['--db', db, 'video', 'list', '--format', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope/);
  });
});
