import { isConfigModule } from '../config/config-module.js';
import { configFilePath, type SettingsSources } from '../config/resolve.js';

/** Set by scripts/build-cli.js in the bundle only: where the library's CLI is, relative to the bundle. */
declare const AANA_STORE_LIBRARY_CLI: string | undefined;

/**
 * The library's CLI (`dist/src/cli/run.js`), when the bundle must hand the command over to it: a
 * JavaScript config file brings entity classes built on the library's (dist/src), and MikroORM needs
 * them to share one copy of its classes and aana-store's. Undefined when not running from the bundle.
 */
export function libraryCliFor(sources: SettingsSources): string | undefined {
  if (typeof AANA_STORE_LIBRARY_CLI === 'undefined') return undefined;
  const config = configFilePath(sources);
  return config && isConfigModule(config) ? new URL(AANA_STORE_LIBRARY_CLI, import.meta.url).href : undefined;
}

/**
 * Set in the bundle only, by code-cache.ts: `import()` from an ES module. A vm.Script that V8 built
 * from a code cache cannot import() itself in Node 20 (the callback is lost with the cache).
 */
declare const AANA_STORE_IMPORT: ((url: string) => Promise<unknown>) | undefined;

/** The library's CLI that `libraryCliFor` named. */
export async function importLibraryCli(url: string): Promise<typeof import('./run.js')> {
  return (await (typeof AANA_STORE_IMPORT === 'function' ? AANA_STORE_IMPORT(url) : import(url))) as typeof import('./run.js');
}
