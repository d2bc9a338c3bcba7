import { ValidationError } from '../errors.js';
import { type CueBlock, cueBlocks, cueText, formatTiming, parseTiming } from './cue-blocks.js';
import { type AsrSegment, cueSegment } from './segments.js';

/*
 * WebVTT cue text is markup: the writer escapes `&`, `<` and `>` as entities (so `-->` never appears
 * in a cue), and the reader drops tags (`<i>`, `<v Speaker>`, `<00:00:01.000>`: their text stays)
 * and decodes character references. What WebVTT cannot carry: a blank line inside a cue (see
 * cueText) and NUL, which every WebVTT parser reads as U+FFFD (see vttText).
 */

/** What a segment's text reads back as from the WebVTT this module writes. */
export function vttText(text: string): string {
  return cueText(text).replace(/\0/g, '\uFFFD');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00A0', lrm: '\u200E', rlm: '\u200F' };

/** Character references as WebVTT knows them; one that names nothing stays as written. */
function unescape(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-z]+));/g, (ref, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? ref;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : ref;
  });
}

function textOf(lines: readonly string[]): string {
  return unescape(lines.join('\n').replace(/<[^>]*>/g, '')).replace(/\0/g, '\uFFFD');
}

/** The cues of one block; a line with `-->` in a cue's text begins the next cue, as in the WebVTT parser. */
function segmentsOf(block: CueBlock, out: AsrSegment[]): void {
  const { lines, line } = block;
  if (/^(NOTE|STYLE|REGION)([ \t]|$)/.test(lines[0])) return;
  let i = lines[0].includes('-->') ? 0 : 1;
  if (i >= lines.length || !lines[i].includes('-->')) throw new ValidationError(`line ${line + Math.min(i, lines.length - 1)}`, 'expected a cue timing (00:00:01.000 --> 00:00:02.000)');
  while (i < lines.length) {
    const { start, end } = parseTiming(lines[i], line + i, true);
    let next = i + 1;
    while (next < lines.length && !lines[next].includes('-->')) next++;
    out.push(cueSegment(start, end, textOf(lines.slice(i + 1, next))));
    i = next;
  }
}

/** The cues of a WebVTT file as segments; headers, NOTE, STYLE and REGION blocks skipped, cue settings ignored. */
export function parseVtt(input: string): AsrSegment[] {
  const blocks = cueBlocks(input);
  const header = blocks[0];
  if (header?.line !== 1 || !/^WEBVTT([ \t]|$)/.test(header.lines[0])) throw new ValidationError('line 1', 'a WebVTT file begins with "WEBVTT"');
  const segments: AsrSegment[] = [];
  // Header lines run to the first blank line, unless a cue timing comes first.
  const firstCue = header.lines.findIndex((l, i) => i > 0 && l.includes('-->'));
  if (firstCue >= 0) segmentsOf({ line: 1 + firstCue, lines: header.lines.slice(firstCue) }, segments);
  for (const block of blocks.slice(1)) segmentsOf(block, segments);
  return segments;
}

/** Segments as WebVTT: a `WEBVTT` line, cues numbered from 1, `HH:MM:SS.mmm`, text escaped, LF line ends. */
export function formatVtt(segments: readonly AsrSegment[]): string {
  const cues = segments.map((s, i) => {
    const text = escape(vttText(s.text));
    return `${i + 1}\n${formatTiming(s.time_interval.start, s.time_interval.end, '.')}\n${text === '' ? '' : `${text}\n`}`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}
