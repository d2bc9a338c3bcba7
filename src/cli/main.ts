// The CLI's entry point (bin/aana-store.js runs its bundle). -v prints stack traces mapped to the
// TypeScript sources: Node reads a module's source map when it loads it, so maps are turned on before
// the rest of the CLI loads, and cost nothing without -v.
import { verboseRequested } from './raw-argv.js';

if (verboseRequested(process.argv.slice(2))) process.setSourceMapsEnabled(true);
await import('./start.js');
