import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

// The bundle only (scripts/build-cli.js): the CLI is two CommonJS files, dist/cli/cli.cjs (the
// commands) and dist/cli/vendor.cjs (MikroORM, knex and the drivers, required on first use through
// vendorModule()). A cold command spent about half of its CPU time compiling them; Node 20 keeps no
// compiled code for modules (module.enableCompileCache is Node 22), but a vm.Script takes V8's code
// cache, which the build writes beside each file (`.cache`) after running a command. A cache that
// another Node or V8 build wrote is rejected by V8, and the file is compiled as without one.

/** Set by the build while it runs the commands that write the code caches: the names of the files whose cache a command writes. */
const WRITE_CACHE = 'AANA_STORE_BUILD_CODE_CACHE';

/**
 * Runs a CommonJS file of the bundle and returns its exports. With source maps on (`-v`), Node's
 * own `require` loads it instead, so that stack traces are mapped (Node maps no vm.Script).
 */
export function loadCommonJs(url: URL): unknown {
  const file = fileURLToPath(url);
  const require = createRequire(file);
  if (process.sourceMapsEnabled) return require(file);
  const script = compileWithCache(file);
  if (process.env[WRITE_CACHE]?.split(',').includes(basename(file))) process.once('exit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dirname(file), (specifier: string) => import(specifier));
  return module.exports;
}

/** A CommonJS file of the bundle compiled with its code cache (`cachedDataRejected` tells whether V8 took it). */
export function compileWithCache(file: string): Script {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache: compile from source
  }
  // The wrapper stays on the file's first line, so that its lines are the file's. Its last parameter
  // is import() for the bundle's own (see bundle.ts). The build writes ASCII only, which latin1 reads
  // as it is, ~1 ms sooner than UTF-8 decoding for vendor.cjs.
  const source = `(function (exports, require, module, __filename, __dirname, __aanaImport) {${readFileSync(file, 'latin1')}\n})`;
  return new Script(source, { filename: file, cachedData });
}

let vendor: Record<string, () => unknown> | undefined;

/** The exports of a package bundled into vendor.cjs (`@mikro-orm/core`…). */
export function vendorModule(name: string): unknown {
  vendor ??= loadCommonJs(new URL('./vendor.cjs', import.meta.url)) as Record<string, () => unknown>;
  const load = vendor[name];
  if (!load) throw new Error(`internal: ${name} is not in the bundle's vendor.cjs`);
  return load();
}
