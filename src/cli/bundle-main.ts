// The bundle's entry point (dist/cli/main.js, which bin/aana-store.js runs): the CLI itself is
// dist/cli/cli.cjs, loaded with V8's code cache (see code-cache.ts). -v turns source maps on first,
// as main.ts does for the unbundled CLI.
import { loadCommonJs } from './code-cache.js';
import { verboseRequested } from './raw-argv.js';

if (verboseRequested(process.argv.slice(2))) process.setSourceMapsEnabled(true);
loadCommonJs(new URL('./cli.cjs', import.meta.url));
