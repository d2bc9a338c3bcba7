// Bundles the CLI (src/cli/main.ts) with esbuild into dist/cli/, which bin/aana-store.js runs.
// The library keeps tsc's output (dist/src/**). A cold CLI process spends most of its time loading
// modules: ~700 CommonJS files of MikroORM and knex, each resolved, read and lexed for its exports.
// One bundle (split at the commands' lazy imports) loads in a fraction of that. Start-up (main.js
// and the chunk it imports) holds commander, chalk and the CLI's own modules only; MikroORM and knex
// load with the first command that opens a database (test/unit/startup-imports.test.ts keeps it so).
// Pieces of MikroORM and knex the CLI never runs are replaced so that they are not even parsed;
// test/e2e/bundle-parity.test.ts checks that the bundle prints what the unbundled CLI prints.
// Usage: node scripts/build-cli.js (part of `npm run build`); BUNDLE_REPORT=1 lists the biggest inputs.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { ownSourceMaps } from './own-source-maps.js';

const require = createRequire(import.meta.url);
const sep = String.raw`[\\/]`;
const path = (...parts) => new RegExp(parts.join(sep));

/** Native addons and drivers loaded from node_modules at run time, only by what uses them. */
const EXTERNAL = ['libsql', 'sqlite3', 'better-sqlite3', 'pg-native', 'pg', 'pg-copy-streams'];

/** A module whose exports are the real package's, required (unbundled) on first use only. */
function lazy(pkg, members, fallback = '') {
  return [
    `const load = () => require(${JSON.stringify(pkg)});`,
    fallback,
    ...members.map((name) => `exports.${name} = (...args) => load().${name}(...args);`),
  ].join('\n');
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
    // Utils.getORMVersion() tries `../../package.json` (the src layout) before `../package.json`;
    // from the bundle the first would find aana-store's own package.json.
    b.onResolve({ filter: /^\.\.\/\.\.\/package\.json$/ }, (args) =>
      path('@mikro-orm', 'core', 'utils', 'Utils\\.js$').test(args.importer) ? { path: require.resolve('@mikro-orm/core/package.json') } : undefined,
    );
  },
};

// Chunk names carry content hashes: start clean so stale chunks do not pile up.
rmSync('dist/cli', { recursive: true, force: true });

const result = await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace only: MikroORM maps entities by class name, so identifiers keep theirs.
  minifyWhitespace: true,
  // Stack traces (`-v` turns source maps on) name src/…ts lines; ownSourceMaps (below) keeps only those.
  sourcemap: 'linked',
  sourcesContent: true,
  metafile: Boolean(process.env.BUNDLE_REPORT),
  logLevel: 'warning',
  plugins: [stubs],
  // A command with a JavaScript config file is handed to the library's CLI (src/cli/bundle.ts).
  define: { AANA_STORE_LIBRARY_CLI: JSON.stringify('../src/cli/run.js') },
  external: EXTERNAL,
  // CommonJS code in the bundle (and the externals) needs `require`.
  banner: { js: "import { createRequire as __aanaCreateRequire } from 'node:module'; const require = __aanaCreateRequire(import.meta.url);" },
});

ownSourceMaps('dist/cli');

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
