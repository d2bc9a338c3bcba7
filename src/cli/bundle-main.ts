// The bundle's entry point (dist/cli/main.cjs, which bin/aana-store.js requires): the CLI itself is
// dist/cli/cli.cjs, loaded with V8's code cache (see code-cache.ts). -v turns source maps on first,
// as main.ts does for the unbundled CLI.
import { loadCommonJs } from './code-cache.js';
import { verboseRequested } from './raw-argv.js';
import { packageVersion } from './version.js';

const args = process.argv.slice(2);
// `--version` alone needs only package.json: neither commander nor the commands are loaded for it.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  if (verboseRequested(args)) process.setSourceMapsEnabled(true);
  loadCommonJs(new URL('./cli.cjs', import.meta.url));
}
