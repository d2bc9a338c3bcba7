import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by scripts/build-cli.js in the bundle only: the version in package.json when it was built. */
declare const AANA_STORE_VERSION: string | undefined;

/**
 * The version in aana-store's package.json: the bundle has it from its build (every command asks, for
 * commander's --version, and the walk and read cost ~0.5 ms); otherwise found by walking up from this
 * module (src/ or dist/src/).
 */
export function packageVersion(): string {
  if (typeof AANA_STORE_VERSION === 'string') return AANA_STORE_VERSION;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    // Checked first: a failed read costs an exception, and every command asks (commander's --version).
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'aana-store' && pkg.version) return pkg.version;
      } catch {
        // not a package.json we can read; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}
