// Bundles the CLI with esbuild into dist/cli/, which bin/aana-store.js runs; the library keeps tsc's
// output (dist/src/**); parse-worker.js beside the bundle is the worker thread of `video import`.
// A cold CLI process spends most of its time loading and compiling modules: ~700 CommonJS files
// of MikroORM and knex unbundled. The bundle is three files: main.cjs (the entry,
// src/cli/bundle-main.ts), cli.cjs (commander, chalk and the CLI's own modules, src/cli/start.ts) and
// vendor.cjs (MikroORM, knex and the drivers), required with the first command that opens a database
// (test/unit/startup-imports.test.ts keeps it so). Both .cjs files are loaded with V8's code cache,
// which this script writes after running a command (src/cli/code-cache.ts).
// Pieces of MikroORM and knex the CLI never runs are replaced so that they are not even parsed, and
// start-up work a command does not need is patched out (each patch fails the build when the code it
// replaces changes); test/e2e/bundle-parity.test.ts checks that the bundle prints what the
// unbundled CLI prints.
// Usage: node scripts/build-cli.js (part of `npm run build`); BUNDLE_REPORT=1 lists the biggest inputs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ownSourceMaps } from './own-source-maps.js';

const require = createRequire(import.meta.url);
const sep = String.raw`[\\/]`;
const path = (...parts) => new RegExp(parts.join(sep));

/**
 * Native addons and drivers loaded from node_modules at run time, only by what uses them. libsql's
 * JavaScript is bundled (its native package is not: see the libsql patch below).
 */
const EXTERNAL = ['sqlite3', 'better-sqlite3', 'pg-native', 'pg', 'pg-copy-streams'];

/** What goes into dist/cli/vendor.cjs: MikroORM, knex and the drivers. */
const VENDOR = ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/libsql', '@mikro-orm/postgresql', '@mikro-orm/migrations'];
const VENDOR_LOADER = fileURLToPath(new URL('../src/cli/code-cache.ts', import.meta.url));

/** A module whose exports are the real package's, required (unbundled) on first use only. */
function lazy(pkg, members, fallback = '') {
  return [
    `const load = () => require(${JSON.stringify(pkg)});`,
    fallback,
    ...members.map((name) => `exports.${name} = (...args) => load().${name}(...args);`),
  ].join('\n');
}

/**
 * Start-up work of a dependency that a command does not need: `from` in the files `filter` matches
 * becomes `to` (or each of several `from` its `to`), with `append` after the file. The build fails
 * when a `from` is no longer there.
 */
function patch(b, filter, from, to, append = '') {
  const froms = [from].flat();
  const tos = [to].flat();
  b.onLoad({ filter }, async (args) => {
    let source = await readFile(args.path, 'utf8');
    froms.forEach((text, i) => {
      if (!source.includes(text)) throw new Error(`${args.path} no longer has ${text}: see its patch in scripts/build-cli.js`);
      source = source.replace(text, tos[i]);
    });
    return { contents: `${source}${append}`, loader: 'js' };
  });
}

const stubs = {
  name: 'aana-store-stubs',
  setup(b) {
    // Each stub is kept for a saving measured on `video list` (CPU time, median of 21 runs):
    // Dialects of databases aana-store does not support: knex and MikroORM load them all eagerly.
    // Stubbed, their drivers need not be external, and a command spends ~5 ms less.
    b.onLoad({ filter: path('knex', 'lib', 'dialects', '(mysql|mysql2|mssql|oracle|oracledb|cockroachdb|pgnative|redshift)', '') }, () => ({
      contents: 'module.exports = class UnsupportedKnexDialect {};',
      loader: 'js',
    }));
    b.onLoad({ filter: path('@mikro-orm', 'knex', 'dialects', '(mysql|mssql)', '') }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    // esprima (300 kB) reads entity constructors' parameter names: only a class whose source
    // mentions `constructor` or `toJSON` has any, so the others skip loading it, with the same result
    // (~5 ms on `video list`, ~10 ms on `migrate status`). A lazy globby saved nothing measurable.
    b.onLoad({ filter: path('node_modules', 'esprima', 'dist', 'esprima\\.js$') }, () => ({
      contents: `${lazy('esprima', [])}\nexports.tokenize = (code, options) => (/constructor|toJSON/.test(code) ? load().tokenize(code, options) : []);`,
      loader: 'js',
    }));
    // umzug's own command line (`runAsCLI`), which MikroORM's migrator never runs, loads
    // @rushstack/ts-command-line and with it ajv, argparse and jju (~540 kB) at require time: every
    // command that opens a database paid ~100 ms of CPU for it.
    b.onLoad({ filter: path('node_modules', 'umzug', 'lib', 'cli\\.js$') }, () => ({
      contents: [
        'class UmzugCliNotBundled { constructor() { throw new Error("umzug\'s command line is not part of the aana-store bundle"); } }',
        ...['UpAction', 'DownAction', 'ListAction', 'CreateAction', 'UmzugCLI'].map((name) => `exports.${name} = UmzugCliNotBundled;`),
      ].join('\n'),
      loader: 'js',
    }));
    // knex's query builder requires node:assert (~2 ms to load) for argument checks that a command
    // passes: it is loaded when one fails, and fails as it did.
    b.onResolve({ filter: /^assert$/ }, (args) => (path('node_modules', 'knex', 'lib', '').test(args.importer) ? { path: 'assert', namespace: 'aana-lazy-assert' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'aana-lazy-assert' }, () => ({
      contents: 'module.exports = (value, message) => { if (!value) require("node:assert")(value, message); };',
      loader: 'js',
    }));
    // fs-extra (with graceful-fs, which reads every property of node:fs and so loads fs/promises and
    // readline, ~2 ms) is required by MikroORM's modules at load, and a command calls only its
    // pathExistsSync, which is node:fs's existsSync itself: the rest is loaded on first use.
    b.onResolve({ filter: /^fs-extra$/ }, () => ({ path: 'fs-extra', namespace: 'aana-lazy-fs-extra' }));
    b.onResolve({ filter: /^aana-store:fs-extra$/ }, () => ({ path: require.resolve('fs-extra') }));
    b.onLoad({ filter: /.*/, namespace: 'aana-lazy-fs-extra' }, () => ({
      contents: [
        'const { existsSync } = require("node:fs");',
        'let fsExtra;',
        'module.exports = new Proxy({}, { get: (_, key) => (key === "pathExistsSync" ? existsSync : (fsExtra ??= require("aana-store:fs-extra"))[key]) });',
      ].join('\n'),
      loader: 'js',
    }));
    // libsql's JavaScript (with @neon-rs/load and detect-libc) is bundled, so that it runs from the
    // code cache instead of being resolved and compiled on every command (~2-3 ms); its version is
    // the one @mikro-orm/libsql pins, as is its native package's, which is required from libsql's
    // own folder as libsql requires it. libsql picks that package for glibc or musl with
    // process.report.getReport() (~5 ms), then asks detect-libc (which reads /usr/bin/ldd) and takes
    // glibc whenever that says glibc. So when detect-libc says glibc the report cannot change the
    // choice: it is not taken then.
    patch(
      b,
      path('node_modules', 'libsql', 'index\\.js$'),
      ['let target = currentTarget();', 'return require(`@libsql/${target}`);'],
      ['let target = currentLibsqlTarget(currentTarget, familySync, GLIBC);', 'return require("node:module").createRequire(require.resolve("libsql"))(`@libsql/${target}`);'],
      `
function currentLibsqlTarget(currentTarget, familySync, GLIBC) {
  if (process.platform !== 'linux' || !process.report || familySync() !== GLIBC) return currentTarget();
  const { getReport } = process.report;
  process.report.getReport = () => ({ header: { glibcVersionRuntime: 'detect-libc' } });
  try {
    return currentTarget();
  } finally {
    process.report.getReport = getReport;
  }
}`,
    );
    // chalk detects colour support at load, for its default instances (`chalk`, `chalkStderr`), with
    // node:tty and node:os (~0.5 ms); aana-store gives each of its Chalks a level (src/cli/context.ts,
    // colorLevel) and uses no default instance, so the detection is not bundled.
    b.onLoad({ filter: path('node_modules', 'chalk', 'source', 'vendor', 'supports-color', 'index\\.js$') }, () => ({
      contents: 'export function createSupportsColor() { return false; }\nexport default { stdout: false, stderr: false };',
      loader: 'js',
    }));
    // detect-libc and commander require node:child_process (with net, dgram and streams, ~1-2 ms) at
    // load, to start programs that aana-store never starts: it is loaded on first use.
    const lazyChildProcess = (name) => `const childProcess = new Proxy({}, { get: (_, key) => require(${JSON.stringify(name)})[key] });`;
    patch(b, path('node_modules', 'detect-libc', 'lib', 'detect-libc\\.js$'), "const childProcess = require('child_process');", lazyChildProcess('child_process'));
    patch(b, path('node_modules', 'commander', 'lib', 'command\\.js$'), "const childProcess = require('node:child_process');", lazyChildProcess('node:child_process'));
    // MikroORM's libsql connection creates the database's folder with fs-extra's asynchronous
    // ensureDir: the first asynchronous file call of a command, which starts libuv's thread pool
    // (~1.5 ms of CPU). The same mkdir, synchronous, needs no thread.
    patch(
      b,
      path('@mikro-orm', 'libsql', 'LibSqlConnection\\.js$'),
      'await (0, fs_extra_1.ensureDir)((0, node_path_1.dirname)(dbName));',
      'require("node:fs").mkdirSync((0, node_path_1.dirname)(dbName), { recursive: true });',
    );
    // MikroORM.init checks that the @mikro-orm packages of the package.json above the working
    // directory have core's version: the user's project's, which the bundle does not use (its own are
    // one version), so a project on another MikroORM failed every command. The check also loaded
    // fs-extra and read that package.json on every command.
    patch(
      b,
      path('@mikro-orm', 'core', 'MikroORM\\.js$'),
      'const coreVersion = await utils_1.ConfigurationLoader.checkPackageVersion();',
      'const coreVersion = utils_1.Utils.getORMVersion();',
    );
    // Then it reads that package.json again for its "type", to import files with import() in an ES
    // module project and with require() otherwise: the bundle is CommonJS wherever it runs.
    patch(b, path('@mikro-orm', 'core', 'utils', 'ConfigurationLoader\\.js$'), 'static commonJSCompat(options) {\n        if (this.isESM()) {', 'static commonJSCompat(options) {\n        if (false) {');
    // MikroORM finds the file of an entity in the stack of its decorator's call. Formatting a stack
    // computes line and column numbers, and the first time, in a file, scans all its source: ~2 ms
    // for the bundle's two files. MikroORM reads only function names and files from that stack.
    patch(b, path('@mikro-orm', 'core', 'utils', 'Utils\\.js$'), "stack = stack || new Error().stack.split('\\n');", 'stack = stack || decoratorStack();', `
function decoratorStack() {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_error, frames) => frames.map((frame) => \`    at \${frame.getFunctionName() ?? '<anonymous>'} (\${frame.getFileName()}:0:0)\`);
  try {
    const holder = {};
    Error.captureStackTrace(holder, decoratorStack);
    return ['Error', ...holder.stack];
  } finally {
    Error.prepareStackTrace = prepare;
  }
}`);
    // MikroORM sorts the entities by name with localeCompare, whose first call costs ~5 ms:
    // compareNames gives the same order without it where it can (scripts/bundle/name-order.ts).
    const compareNames = JSON.stringify(fileURLToPath(new URL('bundle/name-order.ts', import.meta.url)));
    patch(
      b,
      path('@mikro-orm', 'core', 'metadata', 'MetadataDiscovery\\.js$'),
      '.sort((a, b) => b.root.name.localeCompare(a.root.name))',
      `.sort((a, b) => require(${compareNames}).compareNames(b.root.name, a.root.name))`,
    );
    // Utils.getORMVersion() tries `../../package.json` (the src layout) before `../package.json`;
    // from the bundle the first would find aana-store's own package.json.
    b.onResolve({ filter: /^\.\.\/\.\.\/package\.json$/ }, (args) =>
      path('@mikro-orm', 'core', 'utils', 'Utils\\.js$').test(args.importer) ? { path: require.resolve('@mikro-orm/core/package.json') } : undefined,
    );
  },
};

/** VENDOR packages that src/ imports with import() only (src/storage/orm.ts): see vendorImports. */
const DYNAMIC_ONLY = ['@mikro-orm/libsql', '@mikro-orm/postgresql'];

/**
 * The CLI's imports of VENDOR packages: each an ES module that takes the package's exports from
 * vendor.cjs, under the names the package exports (read here), so that esbuild checks every import
 * and `await import()` of one sees its names.
 */
const vendorImports = {
  name: 'aana-store-vendor',
  setup(b) {
    const filter = new RegExp(`^(${VENDOR.map((name) => name.replace('/', '\\/')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'aana-vendor' }));
    b.onLoad({ filter: /.*/, namespace: 'aana-vendor' }, (args) => {
      // The drivers are only ever imported with import(), whose namespace takes the package's names when
      // it runs: as a CommonJS module, the list of their ~250 names each is not in cli.cjs (~42 kB of
      // its ~570 kB, read and deserialised by every command).
      if (DYNAMIC_ONLY.includes(args.path)) {
        return { contents: `module.exports = require(${JSON.stringify(VENDOR_LOADER)}).vendorModule(${JSON.stringify(args.path)});`, resolveDir: process.cwd(), loader: 'js' };
      }
      const names = Object.keys(require(args.path)).filter((name) => name !== 'default' && name !== '__esModule');
      return {
        contents: [
          `import { vendorModule } from ${JSON.stringify(VENDOR_LOADER)};`,
          `const pkg = vendorModule(${JSON.stringify(args.path)});`,
          `export const { ${names.join(', ')} } = pkg;`,
          'export default pkg;',
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      };
    });
  },
};

rmSync('dist/cli', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Whitespace only: MikroORM maps entities by class name, so identifiers keep theirs.
  minifyWhitespace: true,
  // Non-ASCII characters escaped: code-cache.ts reads the files as latin1.
  charset: 'ascii',
  logLevel: 'warning',
  external: EXTERNAL,
};
// Stack traces (`-v` turns source maps on) name src/…ts lines; ownSourceMaps (below) keeps only those.
const maps = { sourcemap: 'linked', sourcesContent: true };

// Both entry files are CommonJS: `import.meta.url` is the file's URL, set by the banner. The version
// is package.json's (src/cli/version.ts), which the bundle ships with.
const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const moduleUrl = {
  define: { 'import.meta.url': '__aanaModuleUrl', AANA_STORE_VERSION: JSON.stringify(version) },
  banner: { js: 'var __aanaModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

await build({ ...common, ...maps, ...moduleUrl, entryPoints: { main: 'src/cli/bundle-main.ts' }, outdir: 'dist/cli', outExtension: { '.js': '.cjs' }, format: 'cjs' });

const result = await build({
  ...common,
  ...maps,
  entryPoints: { cli: 'src/cli/start.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  metafile: Boolean(process.env.BUNDLE_REPORT),
  plugins: [stubs, vendorImports],
  // libsql is bundled here too, for the reads without MikroORM (src/storage/sqlite-source.ts), and its
  // patch resolves libsql's folder on purpose (see vendor.cjs below).
  logOverride: { 'require-resolve-not-external': 'silent' },
  banner: moduleUrl.banner,
  define: {
    ...moduleUrl.define,
    // A command with a JavaScript config file is handed to the library's CLI (src/cli/bundle.ts).
    AANA_STORE_LIBRARY_CLI: JSON.stringify('../src/cli/run.js'),
    AANA_STORE_IMPORT: '__aanaImport',
  },
});

// The import's parsing worker (src/storage/bulk/parse-ahead.ts), an ES module of its own beside
// cli.cjs: the same `./parse-worker.js` next to the importer as in tsc's output.
await build({ ...common, ...maps, entryPoints: { 'parse-worker': 'src/storage/bulk/parse-worker.ts' }, outdir: 'dist/cli', format: 'esm' });

await build({
  ...common,
  stdin: { contents: VENDOR.map((name) => `exports[${JSON.stringify(name)}] = () => require(${JSON.stringify(name)});`).join('\n'), resolveDir: process.cwd(), loader: 'js' },
  outfile: 'dist/cli/vendor.cjs',
  format: 'cjs',
  plugins: [stubs],
  // The libsql patch resolves libsql's folder, on purpose, for its native package.
  logOverride: { 'require-resolve-not-external': 'silent' },
});

ownSourceMaps('dist/cli');

// V8's code caches of cli.cjs and vendor.cjs (see src/cli/code-cache.ts), written on a scratch
// catalog: cli.cjs's by a `video list`, which reads the file without MikroORM
// (src/cli/video-reads.ts), vendor.cjs's by a `video add`, which opens it through MikroORM. What they
// lack (PostgreSQL, other commands) is compiled on first call, as without a cache.
const scratch = mkdtempSync(join(tmpdir(), 'aana-store-build-'));
const warmEnv = { ...process.env };
delete warmEnv.AANA_STORE_CONFIG;
try {
  const bin = fileURLToPath(new URL('../bin/aana-store.js', import.meta.url));
  const cli = (args, env = {}) => execFileSync(process.execPath, [bin, '--db', join(scratch, 'warm.db'), ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...warmEnv, ...env } });
  cli(['init', '-q']);
  cli(['video', 'add', '--id', 'warm', '--url', 'https://example.com/warm.mp4', '--title', 'Warm'], { AANA_STORE_BUILD_CODE_CACHE: 'vendor.cjs' });
  cli(['video', 'list', '--limit', '20'], { AANA_STORE_BUILD_CODE_CACHE: 'cli.cjs' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
// A run writes the caches of the files it loaded only: should a command above stop loading its file,
// that file would be compiled on every command (~20 ms for vendor.cjs), so the build fails instead.
// Each cache is written by the one run named for it, before any cache of its file exists: a cache
// written by a process that loaded an earlier one holds that one's code too (a cli.cjs cache written
// by `video add` first made `video list` slower).
for (const file of ['cli.cjs', 'vendor.cjs']) if (!existsSync(`dist/cli/${file}.cache`)) throw new Error(`the code-cache runs wrote no dist/cli/${file}.cache: one must load ${file}`);

if (result.metafile) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const byPackage = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.error(`${file} ${(output.bytes / 1e3).toFixed(0)} kB: ${top.map(([k, v]) => `${k} ${(v / 1e3).toFixed(0)}k`).join(', ')}`);
  }
}
