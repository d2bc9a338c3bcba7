import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigModule } from '../../src/config/config-module.js';
import { loadSettings } from '../../src/config/resolve.js';
import { SettingsError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir();
afterAll(() => dir.cleanup());

function module(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

describe('JavaScript config files', () => {
  it('name the database with Aana DB_CONFIG keys, relative to the file, and add entities and a folder of migrations', async () => {
    mkdirSync(join(dir.path, 'migrations'));
    writeFileSync(join(dir.path, 'migrations', 'Migration2.js'), 'export class Migration2 {}\n');
    writeFileSync(join(dir.path, 'migrations', 'Migration1.mjs'), 'export class Migration1 {}\n');
    const path = module(
      'full.mjs',
      "class Thing {}\nexport default async () => ({ datastore_type: 'sqlite', datastore_config: { path: 'cat.db' }, query_timeout: 3, entities: [Thing], migrations: './migrations' });\n",
    );
    const loaded = await loadSettings({ config: path, env: {} });
    expect(loaded).toMatchObject({ origin: 'config file', configFile: path, settings: { type: 'sqlite', path: join(dir.path, 'cat.db'), queryTimeout: 3 } });
    const { extensions } = loaded;
    expect(extensions.entities.map((e) => (e as { name: string }).name)).toEqual(['Thing']);
    expect(extensions.migrations.map((m) => [m.name, m.class.name])).toEqual([['Migration1', 'Migration1'], ['Migration2', 'Migration2']]);
  });

  it('without database keys add entities only: the database comes from the other sources, --db included', async () => {
    const path = module('entities-only.js', 'class Extra {}\nexport default { entities: [Extra] };\n');
    expect(await loadSettings({ config: path, env: { HOME: '/home/u' } })).toMatchObject({ origin: 'default', configFile: path });
    const withDb = await loadSettings({ config: path, db: '/tmp/x.db', env: {} });
    expect(withDb.settings).toMatchObject({ path: '/tmp/x.db' });
    expect(withDb.extensions.entities).toHaveLength(1);
  });

  it.each([
    ['not-object.mjs', 'export default 42;\n', 'must export a config object as default'],
    ['bad-entities.mjs', "export default { entities: 'nope' };\n", 'entities: must be an array of entity classes'],
    ['bad-migrations.mjs', 'export default { migrations: [{ name: 1 }] };\n', 'migrations: must be a folder of built migrations or an array of { name, class }'],
    ['syntax.mjs', 'export default {\n', 'cannot load it: '],
  ])('%s is refused naming the field', async (name, text, reason) => {
    const path = module(name, text);
    await expect(loadConfigModule(path)).rejects.toThrow(SettingsError);
    await expect(loadConfigModule(path)).rejects.toThrow(`config file ${path}: ${reason}`);
  });

  it('a database the module names wrongly is refused when resolved, naming the field', async () => {
    const path = module('bad-db.mjs', "export default { datastore_type: 'oracle' };\n");
    await expect(loadSettings({ config: path, env: {} })).rejects.toThrow(`config file ${path}: datastore_type: must be "sqlite" or "postgresql", got "oracle"`);
  });

  it('a missing module', async () => {
    const missing = join(dir.path, 'missing.js');
    await expect(loadSettings({ config: missing, env: {} })).rejects.toThrow(`config file ${missing}: does not exist`);
  });

  it('each load reads the module anew: no state is kept between loads', async () => {
    const path = module('counter.mjs', 'let calls = 0;\nexport default () => ({ entities: Array.from({ length: ++calls }, () => class Calls {}) });\n');
    expect((await loadSettings({ config: path, env: {} })).extensions.entities).toHaveLength(1);
    expect((await loadSettings({ config: path, env: {} })).extensions.entities).toHaveLength(2);
  });
});
