#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts an ES module entry ~5 ms slower, on every command.
require('../dist/cli/main.cjs');
