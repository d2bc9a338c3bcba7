import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const dir = tempDir();
afterAll(() => dir.cleanup());

/** A JavaScript config that counts how often it is read, in a global the test can see (it runs in this process). */
const config = join(dir.path, 'counting.config.mjs');
writeFileSync(
  config,
  `export default () => {
  globalThis.aanaStoreConfigReads = (globalThis.aanaStoreConfigReads ?? 0) + 1;
  return { datastore_type: 'sqlite', datastore_config: { path: 'catalog.db' } };
};
`,
);
const reads = () => (globalThis as { aanaStoreConfigReads?: number }).aanaStoreConfigReads ?? 0;

describe('settings are loaded once per command', () => {
  it('each command reads the sources once, however often it uses the settings', async () => {
    const env = baseEnv({ HOME: dir.path, AANA_STORE_CONFIG: config });
    const before = reads();
    // init describes the database, opens it to migrate, then reports: three uses of the settings.
    expect(await runInProcess(['init'], { env })).toMatchObject({ code: 0 });
    expect(reads()).toBe(before + 1);
    expect(await runInProcess(['video', 'add', '--url', 'https://e.com/a.mp4', '--id', 'a'], { env })).toMatchObject({ code: 0, stdout: 'a\n' });
    expect(reads()).toBe(before + 2);
    // A command that needs no database does not read them.
    expect(await runInProcess(['completion', 'bash'], { env })).toMatchObject({ code: 0 });
    expect(reads()).toBe(before + 2);
  });

  it('config reports where the database came from as loaded, the file named in full', async () => {
    const result = await runInProcess(['config', '--format', 'json'], { env: baseEnv({ HOME: dir.path }), cwd: dir.path });
    expect(JSON.parse(result.stdout).database.origin).toBe('default');
    const fromFile = await runInProcess(['--config', 'counting.config.mjs', 'config', '--format', 'json'], { env: baseEnv({ HOME: dir.path }), cwd: dir.path });
    expect(JSON.parse(fromFile.stdout)).toMatchObject({
      database: { value: `sqlite:${join(dir.path, 'catalog.db')}`, origin: `config file ${config}` },
      path: { origin: `config file ${config}` },
    });
  });
});
