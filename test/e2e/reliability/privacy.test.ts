import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';

describe('files aana-store creates are private', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('the SQLite file is 0600 in 0700 folders, and exports are 0600', async () => {
    const folder = join(dir.path, 'new', 'nested');
    const db = join(folder, 'catalog.db');
    expect((await runCli(['--db', db, 'init'])).code).toBe(0);
    expect((await runCli(['--db', db, 'video', 'add', '--path', '/p.mp4'])).code).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir.path, 'new')).mode & 0o777).toBe(0o700);
    const exported = join(dir.path, 'out.ndjson');
    expect((await runCli(['--db', db, 'video', 'export', exported])).code).toBe(0);
    expect(statSync(exported).mode & 0o777).toBe(0o600);
  });
});
