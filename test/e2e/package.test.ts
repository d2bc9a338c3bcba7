// The package as npm publishes it: `npm pack` of the built tree, unpacked into a fresh project's
// node_modules (its dependencies linked from this checkout's, so nothing compiles), then loaded the
// ways a consumer loads it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runNode, tempDir } from '../helpers/cli.js';
import { packPackage } from '../helpers/pack.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = tempDir();
const project = join(dir.path, 'project');
const installed = join(project, 'node_modules', 'aana-store');
let files: string[] = [];

/** Whether this Node loads an ES module through require() without a flag (20.19+, 22.12+). */
function requireEsmByDefault(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
}

beforeAll(() => {
  const pack = packPackage(dir.path);
  files = pack.files;
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', pack.tarball, '-C', installed, '--strip-components=1']);
  symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
}, 120_000);
afterAll(() => dir.cleanup());

describe('the packed package', () => {
  it('holds the LICENSE its license field names', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { license: string };
    expect(manifest.license).toBe('Apache-2.0');
    expect(files).toContain('LICENSE');
    const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it('ships source maps whose sources are all in the package', () => {
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    const outside: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[] };
      for (const source of sources) if (!existsSync(resolve(installed, dirname(map), source))) outside.push(`${map}: ${source}`);
    }
    expect(outside).toEqual([]);
    expect(files).toContain('src/index.ts');
  });

  it('is imported, and required where Node allows it', async () => {
    writeFileSync(join(project, 'esm.mjs'), "import { VideoRepository } from 'aana-store';\nconsole.log(typeof VideoRepository);\n");
    writeFileSync(
      join(project, 'cjs.cjs'),
      "console.log(require('aana-store/package.json').name);\nconsole.log(typeof require('aana-store').VideoRepository);\n",
    );
    const esm = await runNode(join(project, 'esm.mjs'), [], { cwd: project, env: baseEnv() });
    expect(esm).toMatchObject({ code: 0, stdout: 'function\n' });
    const cjs = await runNode(join(project, 'cjs.cjs'), [], { cwd: project, env: baseEnv() });
    if (requireEsmByDefault()) expect(cjs).toMatchObject({ code: 0, stdout: 'aana-store\nfunction\n' });
    else expect(cjs.stderr).toContain('ERR_REQUIRE_ESM');
  });

  it('runs its bin on a new SQLite catalog', async () => {
    const bin = join(installed, 'bin', 'aana-store.js');
    const env = baseEnv({ AANA_STORE_DB: join(dir.path, 'catalog.db') });
    expect((await runNode(bin, ['init'], { cwd: project, env })).code).toBe(0);
    const added = await runNode(bin, ['video', 'add', '--url', 'https://example.com/a.mp4', '--id', 'a1'], { cwd: project, env });
    expect(added).toMatchObject({ code: 0, stdout: 'a1\n' });
    expect(await runNode(bin, ['video', 'list', '--format', 'ids'], { cwd: project, env })).toMatchObject({ code: 0, stdout: 'a1\n' });
  });
});
