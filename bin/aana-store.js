#!/usr/bin/env node
// The bundled CLI (dist/cli) starts faster. A JavaScript config file brings entity classes built on
// the library (dist/src), and MikroORM needs them to share the library's own classes, so with one
// the CLI runs from the library's modules instead.
const args = process.argv.slice(2);
const at = args.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
const config = at < 0 ? process.env.AANA_STORE_CONFIG : args[at].startsWith('--config=') ? args[at].slice('--config='.length) : args[at + 1];
// -v prints stack traces: map them to the TypeScript sources. Node reads a module's source map when
// it loads it, so this comes before the CLI loads (and costs nothing without -v).
if (args.includes('-v') || args.includes('--verbose')) process.setSourceMapsEnabled(true);
await import(config && /\.[cm]?js$/.test(config) ? '../dist/src/cli/main.js' : '../dist/cli/main.js');
