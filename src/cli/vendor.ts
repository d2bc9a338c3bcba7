import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, Script } from 'node:vm';

// The bundle only (scripts/build-cli.js): MikroORM, knex and the drivers are one CommonJS file,
// dist/cli/vendor.cjs, that the bundle's modules require through vendorModule(). A cold command
// spent about half of its CPU time compiling them; Node 20 keeps no compiled code for ES modules
// (module.enableCompileCache is Node 22), but a vm.Script takes V8's code cache, which the build
// writes beside the file (vendor.cjs.cache) after running a command. A cache that another Node or
// V8 build wrote is rejected by V8 and the file is compiled as without one.

/** Set by the build while it runs a command to write the code cache. */
const WRITE_CACHE = 'AANA_STORE_BUILD_CODE_CACHE';

type VendorExports = Record<string, () => unknown>;
let loaded: VendorExports | undefined;

function loadVendor(): VendorExports {
  const file = fileURLToPath(new URL('./vendor.cjs', import.meta.url));
  const cacheFile = `${file}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compile from source
  }
  // The wrapper stays on the file's first line, so that its lines are the file's.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (process.env[WRITE_CACHE] === '1') process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} as VendorExports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** The exports of a package bundled into vendor.cjs (`@mikro-orm/core`…). */
export function vendorModule(name: string): unknown {
  loaded ??= loadVendor();
  const load = loaded[name];
  if (!load) throw new Error(`internal: ${name} is not in the bundle's vendor.cjs`);
  return load();
}
