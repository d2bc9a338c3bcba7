import type { Readable } from 'node:stream';
import { AanaStoreError } from '../../errors.js';
import { LineError } from './records.js';

/** Counts the bytes a reader has taken from its source, for the progress bar. */
export interface ReadProgress {
  bytes: number;
}

/** One chunk of the input: its bytes, checked to be UTF-8, and their text. */
export interface TextChunk {
  bytes: Buffer;
  text: string;
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
 * The offset of the first byte in `bytes` that does not belong to a well-formed UTF-8 sequence
 * (overlong forms and encoded surrogates included, as TextDecoder sees them); the length when none.
 * Leading continuation bytes complete a sequence the previous chunk began.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const b = bytes[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    const [low, high] = secondByteRange(b);
    for (let k = 1; k < size; k++) {
      // A sequence cut off by the end of the chunk is completed by the next one.
      if (i + k >= bytes.length) return bytes.length;
      const next = bytes[i + k];
      if (k === 1 ? next < low || next > high : (next & 0xc0) !== 0x80) return i;
    }
    i += size;
  }
  return bytes.length;
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

/**
 * The source as UTF-8, whatever the format. Invalid UTF-8 stops the read with the line it is on (a
 * line feed byte never occurs inside a multi-byte character, so counting them gives the physical
 * line): silently replacing the bytes would store text that was never in the file.
 */
export async function* utf8Chunks(source: Readable, progress: ReadProgress): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let lineFeeds = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      progress.bytes += bytes.length;
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        // When the chunk itself is well-formed, the sequence the previous one began is what broke.
        const at = firstInvalidUtf8(bytes);
        throw new LineError(lineFeeds + countLineFeeds(bytes, 0, at === bytes.length ? 0 : at) + 1, 'record', 'invalid UTF-8');
      }
      lineFeeds += countLineFeeds(bytes);
      yield { bytes, text };
    }
  } catch (error) {
    throw readError(error);
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new LineError(lineFeeds + 1, 'record', 'invalid UTF-8 at the end of the input');
  }
  if (rest.length > 0) yield { bytes: Buffer.alloc(0), text: rest };
}

/** The text of the source, chunk by chunk (see utf8Chunks). */
export async function* utf8Text(source: Readable, progress: ReadProgress): AsyncGenerator<string> {
  for await (const chunk of utf8Chunks(source, progress)) if (chunk.text.length > 0) yield chunk.text;
}
