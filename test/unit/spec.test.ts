import { describe, expect, it } from 'vitest';
import { parseDbSpec } from '../../src/config/spec.js';
import { SettingsError } from '../../src/errors.js';

describe('parseDbSpec', () => {
  it('reads sqlite:<relative path> against cwd', () => {
    expect(parseDbSpec('sqlite:data/a.db', '/work')).toMatchObject({ type: 'sqlite', path: '/work/data/a.db' });
  });

  it('reads sqlite:///absolute/path (SQLAlchemy form)', () => {
    expect(parseDbSpec('sqlite:///var/lib/a.db', '/work')).toMatchObject({ type: 'sqlite', path: '/var/lib/a.db' });
  });

  it('reads a plain path as SQLite', () => {
    expect(parseDbSpec('./x.db', '/home/u')).toMatchObject({ type: 'sqlite', path: '/home/u/x.db' });
    expect(parseDbSpec('/abs/x.db', '/home/u')).toMatchObject({ type: 'sqlite', path: '/abs/x.db' });
  });

  it('reads postgres:// and postgresql:// URLs with every part', () => {
    const settings = parseDbSpec('postgresql://alice:p%40ss@db.example:6543/catalog');
    expect(settings).toEqual({
      type: 'postgresql',
      host: 'db.example',
      port: 6543,
      user: 'alice',
      password: 'p@ss',
      database: 'catalog',
      poolSize: 5,
      queryTimeout: 30,
      connectionTimeout: 10,
      sslmode: 'prefer',
      applicationName: expect.stringMatching(/^aana-store\/\d+\.\d+\.\d+/),
    });
    expect(parseDbSpec('postgres://bob@localhost/x')).toMatchObject({ host: 'localhost', port: 5432, user: 'bob', password: undefined, database: 'x' });
  });

  it('without a database name uses the user name, as libpq does', () => {
    expect(parseDbSpec('postgresql://user@host:5432/', '/', {})).toMatchObject({ database: 'user' });
  });

  it('defaults the PostgreSQL user to postgres', () => {
    expect(parseDbSpec('postgresql://127.0.0.1/db')).toMatchObject({ user: 'postgres' });
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    ['mysql://root@localhost/db', /unsupported scheme "mysql"/],
    ['postgresql://user:secret@host:notaport/db', /not a valid postgresql:\/\/ URL/],
    ['sqlite:', /SQLite path is empty/],
    ['sqlite://relative', /sqlite:\/\/\/absolute/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseDbSpec(spec)).toThrow(SettingsError);
    expect(() => parseDbSpec(spec)).toThrow(message);
  });

  it('never puts the password of a malformed URL in its error', () => {
    expect(() => parseDbSpec('postgresql://user:hunter2@host:bad/db')).toThrow(/^((?!hunter2).)*$/);
  });
});
