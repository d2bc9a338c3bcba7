import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
const env = baseEnv({ HOME: dir.path });

describe('connection parameters aana-store does not honour', () => {
  it.each([
    ['postgresql://u@127.0.0.1/cat?sslmode=require&frobnicate=1', 'flag --db'],
    ['host=127.0.0.1 dbname=cat target_session_attrs=any', 'flag --db'],
  ])('%s: exit 2 naming the parameter', async (spec) => {
    const result = await runInProcess(['--db', spec, 'video', 'list'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: database spec: connection parameter "(frobnicate|target_session_attrs)" is not supported \(supported: host, port, .*\)\n$/);
  });

  it('an unknown key in datastore_config: exit 2 naming it', async () => {
    const DB_CONFIG = JSON.stringify({ datastore_type: 'postgresql', datastore_config: { host: 'h', user: 'u', database: 'd', sslmodee: 'require' } });
    const result = await runInProcess(['config'], { env: { ...env, DB_CONFIG } });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^error: DB_CONFIG: datastore_config\.sslmodee: is not a setting aana-store honours/);
  });

  it('sslmode is kept, not dropped', async () => {
    const result = await runInProcess(['--db', 'postgresql://u@db.example/cat?sslmode=verify-full', 'config', '--format', 'json'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).sslmode).toEqual({ value: 'verify-full', origin: 'flag --db' });
  });
});

describe('timeouts the driver cannot honour', () => {
  it.each([
    [{ connection_timeout: 2147484 }, 'connection_timeout: must be between 0 and 2147483, got 2147484'],
    [{ query_timeout: 1e7 }, 'query_timeout: must be between 0 and 2147483, got 10000000'],
  ])('%j: exit 2 naming the setting and its range', async (common, message) => {
    const DB_CONFIG = JSON.stringify({ datastore_type: 'sqlite', datastore_config: { path: join(dir.path, 'x.db') }, ...common });
    const result = await runInProcess(['video', 'list'], { env: { ...env, DB_CONFIG } });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `error: DB_CONFIG: ${message}\n` });
  });

  it('PGCONNECT_TIMEOUT out of range: exit 2 naming the variable', async () => {
    const result = await runInProcess(['--db', 'postgresql://u@h/d', 'config'], { env: { ...env, PGCONNECT_TIMEOUT: '3000000' } });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'error: env PGCONNECT_TIMEOUT: connection_timeout: must be between 0 and 2147483, got 3000000\n' });
  });
});

describe('JavaScript config files', () => {
  it('config shows the origin of each setting the module gives', async () => {
    const file = join(dir.path, 'store.config.mjs');
    writeFileSync(file, "export default { datastore_type: 'sqlite', datastore_config: { path: 'cat.db' }, query_timeout: 7 };\n");
    const result = await runInProcess(['--config', file, 'config', '--format', 'json'], { env });
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows.path).toEqual({ value: join(dir.path, 'cat.db'), origin: `config file ${file}` });
    expect(rows.query_timeout).toEqual({ value: 7, origin: `config file ${file}` });
    expect(rows.pool_size).toEqual({ value: 5, origin: 'default' });
  });

  it.each([
    ['throws-on-load.mjs', "throw new Error('boom');\n", 'cannot load it: boom'],
    ['async-throws.mjs', "export default async () => { throw new Error('boom'); };\n", 'its exported function failed: boom'],
  ])('%s: exit 2 naming the file', async (name, text, reason) => {
    const file = join(dir.path, name);
    writeFileSync(file, text);
    const result = await runInProcess(['--config', file, 'video', 'list'], { env });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `error: config file ${file}: ${reason}\n` });
  });
});

describe('--db values that are not a database file path', () => {
  it.each([
    [' spaced.db', 'database spec: has leading or trailing spaces; remove them'],
    ['spaced.db ', 'database spec: has leading or trailing spaces; remove them'],
    ['sqlite::memory:', 'database spec: in-memory SQLite databases are not supported by a CLI that exits; give a file path'],
    ['/dev/null', 'database spec: /dev/null is not a regular file, not a SQLite database file'],
  ])('%j: one line, exit 2, nothing created', async (spec, message) => {
    const result = await runInProcess(['--db', spec, 'init'], { env, cwd: dir.path });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `error: ${message}\n` });
    expect(existsSync(join(dir.path, ':memory:'))).toBe(false);
    expect(existsSync(join(dir.path, 'spaced.db'))).toBe(false);
    expect(existsSync('/dev/null-journal')).toBe(false);
  });

  it('a directory: exit 2', async () => {
    const folder = join(dir.path, 'folder');
    mkdirSync(folder);
    const result = await runInProcess(['--db', folder, 'init'], { env });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `error: database spec: ${folder} is a directory, not a SQLite database file\n` });
  });
});
