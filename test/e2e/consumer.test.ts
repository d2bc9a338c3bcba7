import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { packPackage } from '../helpers/pack.js';

const tmp = tempDir('aana-store-consumer-');
afterAll(() => tmp.cleanup());

/** npm as a consumer runs it: no compiler on the PATH's terms (CC/CXX fail), install scripts refused unless reviewed. */
function npm(args: string[], cwd: string) {
  const env = { ...process.env, CC: 'false', CXX: 'false', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
}

function project(name: string, dependencies: Record<string, string>): string {
  const dir = join(tmp.path, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module', dependencies }, null, 2));
  return dir;
}

describe('a consumer installs the packed tarball', () => {
  const packed = () => packPackage(tmp.path).tarball;
  let tarball = '';

  it('with no compiler and --strict-allow-scripts: one MikroORM, the CLI and the library work', () => {
    tarball = packed();
    const dir = project('plain', {});
    const install = npm(['install', '--strict-allow-scripts', '--prefer-offline', tarball], dir);
    expect(install.status, install.stderr).toBe(0);
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/gyp|prebuild-install|node-pre-gyp/);
    const tree = npm(['ls', '--all', '--parseable'], dir);
    expect(tree.stdout).not.toMatch(/[\\/](sqlite3|better-sqlite3|node-gyp)$/m);
    // One copy of @mikro-orm/core, the consumer's: the entities aana-store registers are the ones it discovers.
    expect(tree.stdout.split('\n').filter((line) => /[\\/]@mikro-orm[\\/]core$/.test(line))).toHaveLength(1);

    const db = join(dir, 'catalog.db');
    const init = spawnSync(join(dir, 'node_modules/.bin/aana-store'), ['--db', db, 'init', '-q'], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    writeFileSync(
      join(dir, 'use.js'),
      [
        "import { closeSessions, getSession, parseDbSpec, VideoRepository } from 'aana-store';",
        `const session = await getSession(parseDbSpec(${JSON.stringify(db)}));`,
        'const videos = new VideoRepository(session);',
        "const { mediaId } = await videos.save({ url: 'https://example.com/talk.mp4', title: 'Talk' });",
        'console.log(JSON.stringify(await videos.getMetadata(mediaId)));',
        'await closeSessions();',
      ].join('\n'),
    );
    const use = spawnSync(process.execPath, ['use.js'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(use.stderr).toBe('');
    expect(use.stdout).toBe('{"title":"Talk","description":null}\n');
  }, 900_000);

  it('beside a MikroORM older than its peer range: npm refuses with ERESOLVE naming @mikro-orm/core, instead of a second copy', () => {
    const dir = project('older-core', { '@mikro-orm/core': '6.6.15' });
    const install = npm(['install', '--prefer-offline', tarball || packed()], dir);
    expect(install.status).not.toBe(0);
    expect(install.stderr).toMatch(/ERESOLVE[\s\S]*@mikro-orm\/core/);
  }, 900_000);
});
