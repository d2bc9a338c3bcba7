// Preloaded with --require: prints, on exit, the CPU time (user + system, ms) of the main thread and
// of the whole process (the import's parsing worker is the rest), read from /proc (Linux; 10 ms
// ticks). On a busy machine wall time varies with the load; a thread's CPU time varies much less.
// Usage: node --require ./bench/thread-cpu.cjs bin/aana-store.js --db DB video import FILE -q
process.on('exit', () => {
  const fs = require('node:fs');
  const ms = (path) => {
    const stat = fs.readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  process.stderr.write(`cpu: main thread ${ms('/proc/thread-self/stat')} ms, process ${ms('/proc/self/stat')} ms\n`);
});
