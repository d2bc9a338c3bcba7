import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/run.js';

const dir = tempDir();
afterAll(() => dir.cleanup());

/** A port nothing listens on: connections are refused at once. */
const CLOSED_PORT = 9;

type Scenario = (password: string, user: string) => { argv: string[]; env?: NodeJS.ProcessEnv };

const pgConfig = (password: string, user: string) => ({ host: '127.0.0.1', port: CLOSED_PORT, user, password, database: 'cat' });
const conninfoValue = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Failing commands whose input holds the password in every place a user may put it. */
const SCENARIOS: Record<string, Scenario> = {
  'DB_CONFIG with a trailing comma': (password, user) => ({
    argv: ['video', 'list'],
    env: { DB_CONFIG: `${JSON.stringify({ datastore_type: 'postgresql', datastore_config: pgConfig(password, user) }).slice(0, -1)},}` },
  }),
  'a URL to a closed port': (password, user) => ({
    argv: ['--db', `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${CLOSED_PORT}/cat`, 'video', 'list'],
  }),
  'a URL with an unsupported parameter': (password, user) => ({
    argv: ['--db', `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1/cat?frobnicate=1`, 'video', 'list'],
  }),
  'a key=value string to a closed port': (password, user) => ({
    argv: ['--db', `host=127.0.0.1 port=${CLOSED_PORT} user=${conninfoValue(user)} password=${conninfoValue(password)} dbname=cat`, 'video', 'count'],
  }),
  'DB_CONFIG to a closed port': (password, user) => ({
    argv: ['-v', 'video', 'list'],
    env: { DB_CONFIG: JSON.stringify({ datastore_type: 'postgresql', datastore_config: pgConfig(password, user) }) },
  }),
};

async function output(scenario: Scenario, password: string, user: string): Promise<{ code: number; text: string }> {
  const { argv, env } = scenario(password, user);
  const result = await runInProcess(argv, { env: baseEnv({ HOME: dir.path, ...env }), cwd: dir.path });
  return { code: result.code ?? -1, text: result.stdout + result.stderr };
}

/** Positions and lengths change with the password's length, stack frames with the caller; the words may not. */
const shape = (text: string) => text.replace(/^ {4}at .*\n/gm, '').replace(/\d+/g, 'N');

// Regex metacharacters, quotes, backslashes, '@' and ':' (URL syntax), and single letters that occur in every message.
const passwords = fc.oneof(
  fc.constantFrom('e', 'r', ':', '@', '.', '*', '\\', "'", '"', 'error', 'cat', '127', '$1', '.*', 'a+b?(c)|[d]^$'),
  fc.string({ unit: fc.constantFrom(...'ab1.*+?^$()[]{}|\\/@:\'"% e'.split('')), minLength: 1, maxLength: 12 }),
  fc.string({ minLength: 6, maxLength: 20 }),
);

describe.each(Object.entries(SCENARIOS))('a failing command: %s', (_name, scenario) => {
  // The same command with a password that cannot be confused with any word of a message.
  const SENTINEL = 'Qq9Zx';

  it('prints the same message whatever the password (also one equal to the user name): none of it, nothing garbled', async () => {
    const reference = await output(scenario, SENTINEL, 'alice');
    expect(reference.code).not.toBe(0);
    expect(reference.text).not.toContain(SENTINEL);
    await fc.assert(
      fc.asyncProperty(passwords, fc.boolean(), async (password, sameAsUser) => {
        const user = sameAsUser ? password : 'alice';
        const got = await output(scenario, password, user);
        const expected = sameAsUser ? await output(scenario, SENTINEL, user) : reference;
        expect(got.code).toBe(expected.code);
        expect(shape(got.text)).toBe(shape(expected.text));
        if (password.length >= 5 && !sameAsUser && !reference.text.includes(password)) expect(got.text).not.toContain(password);
      }),
      { numRuns: 15 },
    );
  });
});

/** The password written without quotes makes the JSON invalid at a place that depends on the password. */
const UNQUOTED: Record<string, Scenario> = {
  'DB_CONFIG with the password unquoted': (password, user) => ({
    argv: ['video', 'list'],
    env: { DB_CONFIG: `{"datastore_type":"postgresql","datastore_config":{"user":"${user}","password":${password}"}}` },
  }),
  'a JSON config file with the password unquoted': (password, user) => {
    const file = join(dir.path, 'bad.json');
    writeFileSync(file, `{"datastore_type":"postgresql",\n"datastore_config":{"user":"${user}","password":${password}"}}`);
    return { argv: ['--config', file, 'config'] };
  },
};

describe.each(Object.entries(UNQUOTED))('%s', (_name, scenario) => {
  it('says only where the JSON is invalid, for any password', async () => {
    await fc.assert(
      fc.asyncProperty(passwords, async (password) => {
        // Some passwords complete the JSON (`"` closes the string): those are not this case.
        fc.pre(!/^"*\s*$/.test(password) && !password.startsWith('"'));
        const got = await output(scenario, password, 'alice');
        expect(got.code).toBe(2);
        expect(got.text).toMatch(/^error: (DB_CONFIG|config file \S+): not valid JSON( \(line \d+, column \d+\))?\n$/);
      }),
      { numRuns: 30 },
    );
  });
});

describe('messages about malformed JSON settings', () => {
  it('name the line and column, never the text around the fault', async () => {
    const result = await runInProcess(['video', 'list'], { env: baseEnv({ DB_CONFIG: '{"datastore_type":"postgresql",\n"datastore_config":{"password":"TopSecret1",}}' }) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: DB_CONFIG: not valid JSON (line 2, column 45)\n');
  });

  it('an unquoted password: the message says only that the JSON is invalid', async () => {
    const result = await runInProcess(['video', 'list'], { env: baseEnv({ DB_CONFIG: '{"datastore_config":{"password":TopSecret1"}}' }) });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'error: DB_CONFIG: not valid JSON\n' });
  });
});
