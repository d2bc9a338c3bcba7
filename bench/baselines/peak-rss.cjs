// Preloaded with --require: writes the process's peak RSS (KiB) to $PEAK_RSS_FILE on exit.
process.on('exit', () => require('node:fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
