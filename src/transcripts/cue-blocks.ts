import { ValidationError } from '../errors.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

/** A run of consecutive non-blank lines of a subtitle file; `line` is the 1-based number of the first. */
export interface CueBlock {
  line: number;
  lines: string[];
}

/** Blank means empty or only spaces and tabs, in both formats: files in the wild end cues with either. */
function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

const LINE_BREAK = /\r\n|\r|\n/;

/** The blocks of a subtitle file: a leading BOM dropped, CRLF, CR and LF all line breaks. */
export function cueBlocks(input: string): CueBlock[] {
  const lines = input.replace(/^\uFEFF/, '').split(LINE_BREAK);
  const blocks: CueBlock[] = [];
  let current: CueBlock | null = null;
  lines.forEach((line, i) => {
    if (isBlank(line)) current = null;
    else if (current) current.lines.push(line);
    else blocks.push((current = { line: i + 1, lines: [line] }));
  });
  return blocks;
}

/**
 * A segment's text as a cue carries it, in SRT and WebVTT alike: a blank line would end the cue, so
 * line breaks (CRLF, CR, LF) become LF and blank lines (empty or only spaces and tabs) are dropped,
 * leading and trailing ones included. Every other character is kept. Text for which this is the
 * identity round-trips exactly.
 */
export function cueText(text: string): string {
  return text
    .split(LINE_BREAK)
    .filter((line) => !isBlank(line))
    .join('\n');
}

/** `start --> end`, in `separator`'s style. */
export function formatTiming(start: number, end: number, separator: ',' | '.'): string {
  return `${formatTimestamp(start, separator)} --> ${formatTimestamp(end, separator)}`;
}

/** `start --> end`, anything after the end (WebVTT cue settings, SRT coordinates) ignored. */
export function parseTiming(text: string, line: number, hoursOptional: boolean): { start: number; end: number } {
  const field = `line ${line}`;
  const arrow = text.indexOf('-->');
  if (arrow < 0) throw new ValidationError(field, 'expected a cue timing (start --> end)');
  const start = parseTimestamp(text.slice(0, arrow).trim(), field, hoursOptional);
  const end = parseTimestamp(text.slice(arrow + 3).trim().split(/[ \t]+/)[0], field, hoursOptional);
  if (end < start) throw new ValidationError(field, `cue ends before it starts (${end} < ${start} seconds)`);
  return { start, end };
}
