import { readFileSync } from 'node:fs';

/**
 * Which of `args` (the process's arguments after the script) were not valid UTF-8 when the process
 * started: Node decodes them lossily, with U+FFFD in place of the bad bytes, so only the raw bytes in
 * /proc/self/cmdline tell. Linux only; elsewhere, or when the two do not line up, none are found.
 */
export function invalidUtf8Arguments(args: string[], cmdline = '/proc/self/cmdline'): number[] {
  if (!args.some((arg) => arg.includes('\uFFFD'))) return [];
  let raw: Buffer;
  try {
    raw = readFileSync(cmdline);
  } catch {
    return [];
  }
  const parts: Buffer[] = [];
  for (let start = 0; start < raw.length; ) {
    const end = raw.indexOf(0, start);
    parts.push(raw.subarray(start, end < 0 ? raw.length : end));
    start = end < 0 ? raw.length : end + 1;
  }
  if (parts.length < args.length) return [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bad: number[] = [];
  const tail = parts.slice(parts.length - args.length);
  for (let i = 0; i < tail.length; i++) {
    let text: string;
    try {
      text = decoder.decode(tail[i]);
    } catch {
      bad.push(i);
      continue;
    }
    if (text !== args[i]) return []; // not the arguments we were given: say nothing rather than guess
  }
  return bad;
}

/** How a message names argument `i`: its option (`--title`), or its position. */
export function argumentName(argv: string[], i: number): string {
  const arg = argv[i];
  if (/^--[^=]+=/.test(arg)) return arg.slice(0, arg.indexOf('='));
  if (i > 0 && /^-/.test(argv[i - 1]) && !argv[i - 1].includes('=')) return argv[i - 1];
  return `argument ${i + 1}`;
}

/** `-v` anywhere: known before commander parses, for errors in parsing and for source maps before the CLI loads. */
export function verboseRequested(args: string[]): boolean {
  return args.includes('-v') || args.includes('--verbose');
}
