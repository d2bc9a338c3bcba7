import { isUtf8 } from 'node:buffer';
import { AanaStoreError } from '../../errors.js';
import { LineError } from './records.js';

/** An input's bytes as its source gives them: a Readable, or the parsing worker's pieces (parse-worker.ts). */
export type InputSource = AsyncIterable<Buffer | string>;

/** Counts the bytes a reader has taken from its source, for the progress bar. */
export interface ReadProgress {
  bytes: number;
}

/**
 * Bytes decoded into one string at most. V8 puts a string over 128 KiB in its large-object space,
 * and decoding into fresh pages there cost ~20x the decoding itself on this project's benchmark
 * machine (1 MiB pieces: ~170 ms per 45 MB, 32 KiB pieces: ~9 ms); 32 KiB of UTF-8 is at most
 * 32 Ki UTF-16 units, so even a two-byte string stays far below.
 */
const TEXT_PIECE_BYTES = 32 * 1024;

/** The length of the UTF-8 sequence that `lead` begins; 0 for a byte that begins none. */
function sequenceLength(lead: number): number {
  return lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

/** The bytes a UTF-8 sequence may have in second place after `lead` (Unicode table 3-7). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * The offset of the first sequence in `bytes` (which begins at a character's start) that is not
 * well-formed UTF-8 (overlong forms and encoded surrogates included, as TextDecoder sees them):
 * where a decoder reading byte by byte fails, or the start of the sequence that byte breaks, which
 * is on the same line. The length when there is none; a sequence cut off by the end is not one.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const size = sequenceLength(b);
    if (size === 0) return i;
    const [low, high] = secondByteRange(b);
    for (let k = 1; k < size; k++) {
      if (i + k >= bytes.length) return bytes.length;
      const next = bytes[i + k];
      if (k === 1 ? next < low || next > high : (next & 0xc0) !== 0x80) return i;
    }
    i += size;
  }
  return bytes.length;
}

const NO_BYTES = Buffer.alloc(0);

/**
 * UTF-8 checked and decoded chunk by chunk with the results of TextDecoder('utf-8', { fatal: true })
 * decoding the same chunks as a stream: one leading BOM dropped; a sequence cut off by the end of a
 * chunk completed by the next; an error in the chunk whose byte breaks a sequence, naming the line
 * of that byte. Checking with simdutf (isUtf8) and decoding in small pieces cost a fraction of
 * TextDecoder's, whose ICU converter took ~0.35 s of the parsing worker's CPU on 100,000 records.
 */
export class Utf8Decoder {
  /** The start of a sequence the last chunk cut off (at most 3 bytes, copied). */
  private pending: Buffer = NO_BYTES;
  /** Line feeds in the chunks before. */
  private lineFeeds = 0;
  /** Whether text has come out yet: only the stream's first character may be a BOM to drop. */
  private started = false;

  /**
   * Checks the next chunk; with `texts`, pushes its text there (the cut-off sequence before it
   * included), in pieces of at most TEXT_PIECE_BYTES. Throws a LineError at the first invalid byte.
   */
  write(bytes: Buffer, texts?: string[]): void {
    let start = 0;
    if (this.pending.length > 0) {
      const size = sequenceLength(this.pending[0]);
      start = Math.min(size - this.pending.length, bytes.length);
      const sequence = Buffer.concat([this.pending, bytes.subarray(0, start)]);
      // Only continuation bytes come before the one that breaks it: it is on the pending one's line.
      if (firstInvalidUtf8(sequence) < sequence.length) throw this.invalid(bytes, 0);
      if (sequence.length < size) {
        this.pending = sequence;
        return;
      }
      this.pending = NO_BYTES;
      if (texts) this.text(texts, sequence.toString('utf8'));
    }
    // A sequence cut off by the end of the chunk: a byte that begins one, only continuation bytes after it.
    let last = bytes.length - 1;
    while (last >= start && last > bytes.length - 4 && (bytes[last] & 0xc0) === 0x80) last--;
    const end = last >= start && sequenceLength(bytes[last]) > bytes.length - last ? last : bytes.length;
    const body = bytes.subarray(start, end);
    if (!isUtf8(body)) throw this.invalid(bytes, start + firstInvalidUtf8(body));
    if (end < bytes.length) {
      const cutOff = bytes.subarray(end);
      if (firstInvalidUtf8(cutOff) < cutOff.length) throw this.invalid(bytes, end);
      this.pending = Buffer.from(cutOff);
    }
    this.lineFeeds += countLineFeeds(bytes);
    if (!texts) return;
    for (let from = start; from < end; ) {
      let to = Math.min(end, from + TEXT_PIECE_BYTES);
      while (to < end && (bytes[to] & 0xc0) === 0x80) to--;
      this.text(texts, bytes.toString('utf8', from, to));
      from = to;
    }
  }

  /** Checks that the input did not end inside a sequence. */
  end(): void {
    if (this.pending.length > 0) throw new LineError(this.lineFeeds + 1, 'record', 'invalid UTF-8 at the end of the input');
  }

  private text(texts: string[], text: string): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) texts.push(text);
  }

  private invalid(bytes: Buffer, at: number): LineError {
    return new LineError(this.lineFeeds + countLineFeeds(bytes, 0, at) + 1, 'record', 'invalid UTF-8');
  }
}

/** Line feeds in bytes[start, end). */
export function countLineFeeds(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a, start); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** A failed read of the input (a file on a broken disk, a closed device) is not a database error. */
export function readError(error: unknown): unknown {
  if (error instanceof AanaStoreError || (error as Error | null)?.name === 'AbortError') return error;
  const reason = (error as NodeJS.ErrnoException | null)?.code ?? (error instanceof Error ? error.message : String(error));
  return new AanaStoreError(`cannot read the input: ${reason}`, undefined, { cause: error });
}

/** The source's chunks as they came, each checked by one Utf8Decoder (its text pushed onto `texts` when given). */
async function* checkedChunks(source: InputSource, progress: ReadProgress, texts?: string[]): AsyncGenerator<Buffer> {
  const decoder = new Utf8Decoder();
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      progress.bytes += bytes.length;
      decoder.write(bytes, texts);
      yield bytes;
    }
  } catch (error) {
    throw readError(error);
  }
  decoder.end();
}

/**
 * The source's chunks as they came, checked to be UTF-8. Invalid UTF-8 stops the read with the line
 * it is on (a line feed byte never occurs inside a multi-byte character, so counting them gives the
 * physical line): silently replacing the bytes would store text that was never in the file.
 */
export function utf8Chunks(source: InputSource, progress: ReadProgress): AsyncGenerator<Buffer> {
  return checkedChunks(source, progress);
}

/** The text of the source, whatever the format, in pieces (a leading BOM dropped); checked as utf8Chunks checks it. */
export async function* utf8Text(source: InputSource, progress: ReadProgress): AsyncGenerator<string> {
  const texts: string[] = [];
  for await (const _bytes of checkedChunks(source, progress, texts)) {
    for (const text of texts) yield text;
    texts.length = 0;
  }
}
