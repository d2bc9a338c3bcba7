import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsFromAanaConfig } from '../../src/config/aana-config.js';
import { defaultDatabasePath, loadSettings } from '../../src/config/resolve.js';
import { describeDatabase, redactedUrl, redactSecrets } from '../../src/config/settings.js';
import { parseDbSpec } from '../../src/config/spec.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir();
afterAll(() => dir.cleanup());

const configFile = join(dir.path, 'aana-store.json');
writeFileSync(configFile, JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: 'from-file.db' } }));
const PG_CONFIG = JSON.stringify({
  datastore_type: 'postgresql',
  datastore_config: { host: 'pg.local', port: 5433, user: 'aana', password: 's3cret', database: 'aana_db' },
  pool_size: 7,
  query_timeout: 12,
  connection_timeout: 3,
});

describe('loadSettings: first match wins', () => {
  const all = { AANA_STORE_DB: '/env/db.db', DB_CONFIG: PG_CONFIG, AANA_STORE_CONFIG: configFile, HOME: '/home/u' };

  it('1. --db beats everything', async () => {
    const r = await loadSettings({ db: '/flag.db', env: all, cwd: '/' });
    expect(r.origin).toBe('flag --db');
    expect(r.settings).toMatchObject({ type: 'sqlite', path: '/flag.db' });
    // The config file is named (and reported) even when another source names the database; a JSON one adds nothing.
    expect(r).toMatchObject({ configFile, origins: { database: 'flag --db', path: 'flag --db' }, extensions: { entities: [], migrations: [] } });
  });

  it('2. AANA_STORE_DB beats DB_CONFIG and the config file', async () => {
    const r = await loadSettings({ config: configFile, env: all, cwd: '/' });
    expect(r.origin).toBe('env AANA_STORE_DB');
    expect(r.settings).toMatchObject({ path: '/env/db.db' });
  });

  it('3. DB_CONFIG (Aana JSON) beats the config file, with pool and timeouts', async () => {
    const { AANA_STORE_DB: _, ...env } = all;
    const r = await loadSettings({ config: configFile, env, cwd: '/' });
    expect(r.origin).toBe('env DB_CONFIG');
    expect(r.settings).toEqual({
      type: 'postgresql',
      host: 'pg.local',
      port: 5433,
      user: 'aana',
      password: 's3cret',
      database: 'aana_db',
      poolSize: 7,
      queryTimeout: 12,
      connectionTimeout: 3,
      sslmode: 'prefer',
      applicationName: expect.stringMatching(/^aana-store\/\d+\.\d+\.\d+/),
    });
  });

  it('4. --config beats AANA_STORE_CONFIG; relative paths resolve against the file', async () => {
    const other = join(dir.path, 'other.json');
    writeFileSync(other, JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: 'other.db' } }));
    const r = await loadSettings({ config: other, env: { AANA_STORE_CONFIG: configFile }, cwd: '/' });
    expect(r.origin).toBe('config file');
    expect(r.configFile).toBe(other);
    expect(r.origins.database).toBe(`config file ${other}`);
    expect(r.settings).toMatchObject({ type: 'sqlite', path: join(dir.path, 'other.db') });
    expect((await loadSettings({ env: { AANA_STORE_CONFIG: configFile }, cwd: '/' })).settings).toMatchObject({ path: join(dir.path, 'from-file.db') });
  });

  it('5. the default is $XDG_DATA_HOME/aana-store/aana.db, else ~/.local/share/…', async () => {
    expect(await loadSettings({ env: { XDG_DATA_HOME: '/xdg', HOME: '/home/u' } })).toMatchObject({
      origin: 'default',
      settings: { type: 'sqlite', path: '/xdg/aana-store/aana.db' },
    });
    expect(defaultDatabasePath({ HOME: '/home/u' })).toBe('/home/u/.local/share/aana-store/aana.db');
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    expect(defaultDatabasePath({ HOME: '/home/u', XDG_DATA_HOME: 'rel' })).toBe('/home/u/.local/share/aana-store/aana.db');
  });

  it('an empty variable counts as unset', async () => {
    expect((await loadSettings({ env: { AANA_STORE_DB: '', DB_CONFIG: '', HOME: '/h' } })).origin).toBe('default');
  });
});

describe('bad settings name their source and field', () => {
  it.each([
    [{ DB_CONFIG: '{not json' }, /^DB_CONFIG: not valid JSON/],
    [{ DB_CONFIG: '[]' }, /^DB_CONFIG: must be a JSON object/],
    [{ DB_CONFIG: '{"datastore_type":"mysql"}' }, /^DB_CONFIG: datastore_type: must be "sqlite" or "postgresql", got "mysql"/],
    [{ DB_CONFIG: '{"datastore_type":"sqlite","datastore_config":{}}' }, /^DB_CONFIG: datastore_config.path: is required/],
    [{ DB_CONFIG: '{"datastore_type":"postgresql","datastore_config":{"host":"h","user":"u","database":"d","port":70000}}' }, /datastore_config.port: must be between 1 and 65535/],
    [{ DB_CONFIG: '{"pool_size":-1}' }, /^DB_CONFIG: pool_size: must be a non-negative number/],
    [{ AANA_STORE_CONFIG: '/does/not/exist.json' }, /^config file \/does\/not\/exist.json: does not exist/],
  ])('%j', async (env, message) => {
    await expect(loadSettings({ env })).rejects.toThrow(message);
  });

  it('a config file that is not JSON', async () => {
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, 'datastore_type = sqlite');
    await expect(loadSettings({ config: bad, env: {} })).rejects.toThrow(new RegExp(`^config file ${bad}: not valid JSON`));
  });
});

describe('Aana DbSettings defaults', () => {
  it('uses Aana defaults for pool_size, query_timeout and connection_timeout', async () => {
    expect(settingsFromAanaConfig({ datastore_type: 'sqlite', datastore_config: { path: '/a.db' } }, 'x', '/')).toEqual({
      type: 'sqlite',
      path: '/a.db',
      poolSize: 5,
      queryTimeout: 30,
      connectionTimeout: 10,
    });
  });
});

describe('redaction', () => {
  const pg = parseDbSpec('postgresql://aana:p%40ss%2Fw0rd@h:5432/db');

  it('describes and prints URLs without the password', async () => {
    expect(describeDatabase(pg)).toBe('PostgreSQL database "db" at h:5432 as aana');
    expect(redactedUrl(pg)).toBe('postgresql://aana:***@h:5432/db');
  });

  it('replaces password fields (URL, key=value, JSON), never other text equal to the password', async () => {
    expect(redactSecrets('failed: postgresql://aana:p%40ss@h/db and password=\'p s\' and {"password": "x\\"y"} for aana')).toBe(
      'failed: postgresql://aana:***@h/db and password=*** and {"password": "***"} for aana',
    );
  });
});
