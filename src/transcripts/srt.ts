import { ValidationError } from '../errors.js';
import { type CueBlock, cueBlocks, cueText, formatTiming, parseTiming } from './cue-blocks.js';
import { type AsrSegment, cueSegment } from './segments.js';

/*
 * SubRip has no escaping: text is written as it is, so `<i>` or `{\an8}` in a segment's text is
 * markup to a player, and read back as the same characters. What SRT cannot carry is a blank line
 * inside a cue (see cueText). The cue number is optional on reading, and ignored: cues are taken in
 * the order of the file.
 */

function segmentOf(block: CueBlock): AsrSegment {
  const [first, second] = block.lines;
  let timing = 0;
  if (/^[ \t]*\d+[ \t]*$/.test(first)) {
    if (second === undefined) throw new ValidationError(`line ${block.line}`, 'a cue number without a cue timing after it');
    if (!second.includes('-->')) throw new ValidationError(`line ${block.line + 1}`, 'expected a cue timing (00:00:01,000 --> 00:00:02,000) after the cue number');
    timing = 1;
  } else if (!first.includes('-->')) {
    throw new ValidationError(`line ${block.line}`, 'expected a cue number or a cue timing');
  }
  const { start, end } = parseTiming(block.lines[timing], block.line + timing, false);
  return cueSegment(start, end, block.lines.slice(timing + 1).join('\n'));
}

/** The cues of a SubRip file as segments; a ValidationError names the line at fault. */
export function parseSrt(input: string): AsrSegment[] {
  return cueBlocks(input).map(segmentOf);
}

/** Segments as SubRip: numbered from 1, `HH:MM:SS,mmm`, LF line ends, no BOM. */
export function formatSrt(segments: readonly AsrSegment[]): string {
  return segments
    .map((s, i) => {
      const text = cueText(s.text);
      return `${i + 1}\n${formatTiming(s.time_interval.start, s.time_interval.end, ',')}\n${text === '' ? '' : `${text}\n`}`;
    })
    .join('\n');
}
