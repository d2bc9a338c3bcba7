import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `npm pack` of the checkout as built into `destination`: the tarball's path and the files it holds.
 * --ignore-scripts: `prepack` would rebuild dist/ under the feet of the tests running beside.
 */
export function packPackage(destination: string): { tarball: string; files: string[] } {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: ROOT, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(destination, pack.filename), files: pack.files.map((file) => file.path) };
}
