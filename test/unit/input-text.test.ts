import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countLineFeeds, utf8Chunks, utf8Text, Utf8Decoder } from '../../src/storage/bulk/input-text.js';
import { LineError } from '../../src/storage/bulk/records.js';

type Outcome = { texts: string[] } | { texts: string[]; failedAt: number; line: number; end: boolean };

/** What TextDecoder('utf-8', { fatal: true }) makes of the chunks as a stream: each chunk's text, up to the one it fails on. */
function byTextDecoder(chunks: Buffer[]): { texts: string[]; failedAt?: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const texts: string[] = [];
  for (let i = 0; i <= chunks.length; i++) {
    try {
      texts.push(i < chunks.length ? decoder.decode(chunks[i], { stream: true }) : decoder.decode());
    } catch {
      return { texts, failedAt: i };
    }
  }
  return { texts };
}

/** The line of the first byte a TextDecoder fed one byte at a time fails on; the last line when the input ends inside a sequence. */
function lineOfFirstInvalidByte(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return countLineFeeds(bytes, 0, i) + 1;
    }
  }
  return countLineFeeds(bytes) + 1;
}

/** What Utf8Decoder makes of the chunks: each chunk's text (its pieces joined), up to the one it fails on. */
function byUtf8Decoder(chunks: Buffer[]): Outcome {
  const decoder = new Utf8Decoder();
  const texts: string[] = [];
  for (let i = 0; i <= chunks.length; i++) {
    const pieces: string[] = [];
    try {
      if (i < chunks.length) decoder.write(chunks[i], pieces);
      else decoder.end();
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      return { texts, failedAt: i, line: error.line, end: error.reason.includes('end of the input') };
    }
    texts.push(pieces.join(''));
  }
  return { texts };
}

/** Bytes that begin, continue or break UTF-8 sequences, and the BOM's. */
const edgeByte = fc.constantFrom(0x0a, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbb, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
/** Text, with characters of every UTF-8 length more often than arbitrary strings have them. */
const wellFormed = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('é', '\u07ff', '漢', '\uFEFF', '\uFFFF', '😀', '\u{10FFFF}', '\n')).map((text) => Buffer.from(text));
const part = fc.oneof(
  wellFormed,
  fc.array(edgeByte, { minLength: 1, maxLength: 3 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.from(bytes)),
);
/** Well-formed input half the time, a BOM or two in front at times. */
const input = fc
  .tuple(fc.nat(2), fc.oneof(fc.array(wellFormed, { maxLength: 10 }), fc.array(part, { maxLength: 10 })))
  .map(([boms, parts]) => Buffer.concat([Buffer.from('\uFEFF'.repeat(boms)), ...parts]));
/** The input cut into chunks at arbitrary places, empty chunks included. */
const chunked = input.chain((bytes) =>
  fc.array(fc.nat(bytes.length), { maxLength: 8 }).map((cuts) => {
    const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
    return { bytes, chunks: at.slice(1).map((end, i) => bytes.subarray(at[i], end)) };
  }),
);

const stream = (chunks: Buffer[]) => Readable.from(chunks);

async function collect<T>(items: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const seen: T[] = [];
  try {
    for await (const item of items) seen.push(item);
  } catch (error) {
    return { items: seen, error };
  }
  return { items: seen };
}

describe('Utf8Decoder', () => {
  it('gives each chunk the text TextDecoder (fatal, streaming) gives it, fails on the same chunk, and names the line of the first invalid byte', () => {
    fc.assert(
      fc.property(chunked, ({ bytes, chunks }) => {
        const expected = byTextDecoder(chunks);
        const got = byUtf8Decoder(chunks);
        expect(got.texts).toEqual(expected.texts);
        expect('failedAt' in got ? got.failedAt : undefined).toBe(expected.failedAt);
        if ('failedAt' in got) {
          expect(got.line).toBe(lineOfFirstInvalidByte(bytes));
          expect(got.end).toBe(got.failedAt === chunks.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes a large chunk in pieces small enough for V8 to keep out of its large-object space, cutting no character', () => {
    const text = `\uFEFF${'aé漢😀\n'.repeat(20_000)}`;
    const bytes = Buffer.from(text);
    const pieces: string[] = [];
    const decoder = new Utf8Decoder();
    decoder.write(bytes.subarray(0, 100_001), pieces);
    decoder.write(bytes.subarray(100_001), pieces);
    decoder.end();
    expect(pieces.length).toBeGreaterThan(4);
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(32 * 1024);
    expect(pieces.join('')).toBe(text.slice(1));
  });

  it.each([
    // TextDecoder failed on the second chunk: the line was counted from the first invalid byte found in that chunk.
    ['a sequence the next chunk does not complete, an invalid byte lines after', [[0x61, 0x0a, 0xe2], [0x41, 0x0a, 0x0a, 0xff]], 2],
    ['a stray continuation byte at the start of a chunk, an invalid byte lines after', [[0x61, 0x0a], [0x80, 0x0a, 0xff]], 2],
    ['a continuation byte too many after a completed sequence', [[0xc3], [0xa9, 0x80, 0x0a, 0xff]], 1],
  ])('names the line of the first invalid byte whatever the chunks: %s', async (_name, pieces, line) => {
    const chunks = pieces.map((bytes) => Buffer.from(bytes));
    expect(lineOfFirstInvalidByte(Buffer.concat(chunks))).toBe(line);
    for (const read of [utf8Text, utf8Chunks] as Array<(source: Readable, progress: { bytes: number }) => AsyncIterable<unknown>>) {
      const { error } = await collect(read(stream(chunks), { bytes: 0 }));
      expect(error).toBeInstanceOf(LineError);
      expect((error as LineError).message).toBe(`line ${line}: record: invalid UTF-8`);
    }
  });
});

describe('utf8Text and utf8Chunks', () => {
  it('read the same as Utf8Decoder: the text without its BOM, the chunks as they came, the same error, the bytes counted', async () => {
    await fc.assert(
      fc.asyncProperty(chunked, async ({ bytes, chunks }) => {
        const expected = byUtf8Decoder(chunks);
        const textProgress = { bytes: 0 };
        const text = await collect(utf8Text(stream(chunks), textProgress));
        const chunkProgress = { bytes: 0 };
        const raw = await collect(utf8Chunks(stream(chunks), chunkProgress));
        expect(text.items.join('')).toBe(expected.texts.join(''));
        expect(text.items.every((t) => t.length > 0)).toBe(true);
        if ('failedAt' in expected) {
          const message = `line ${expected.line}: record: ${expected.end ? 'invalid UTF-8 at the end of the input' : 'invalid UTF-8'}`;
          expect((text.error as Error).message).toBe(message);
          expect((raw.error as Error).message).toBe(message);
        } else {
          expect(text.error).toBeUndefined();
          expect(raw.error).toBeUndefined();
          expect(Buffer.concat(raw.items)).toEqual(bytes);
          expect(textProgress.bytes).toBe(bytes.length);
          expect(chunkProgress.bytes).toBe(bytes.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
