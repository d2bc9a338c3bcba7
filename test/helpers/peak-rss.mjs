// Runs the shipped CLI in this process and, when it exits, writes its peak resident set size in
// kilobytes to $PEAK_RSS_FILE: a way to measure a child's memory that needs no /usr/bin/time.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const bin = resolve(import.meta.dirname, '../../bin/aana-store.js');
process.on('exit', () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
await import(bin);
