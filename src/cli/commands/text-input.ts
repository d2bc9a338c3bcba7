import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { quoted, UsageError, ValidationError } from '../../errors.js';
import { countLineFeeds, firstInvalidUtf8 } from '../../storage/bulk/input-text.js';
import type { CommandContext } from '../context.js';

/** The most bytes a whole-file input (a transcript) may have: it is held in memory, so `/dev/zero` must stop. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** The bytes of FILE, or of stdin for none or `-`; FIFOs, `<(…)` and devices read as files do. */
async function readBytes(ctx: CommandContext, file: string | undefined): Promise<Buffer> {
  let source: Readable;
  if (file === undefined || file === '-') {
    if (!ctx.io.stdin) throw new UsageError('no standard input to read from');
    source = ctx.io.stdin;
  } else {
    try {
      const handle = await open(resolve(ctx.io.cwd, file), 'r');
      if ((await handle.stat()).isDirectory()) {
        await handle.close();
        throw new UsageError(`${quoted(file)} is a directory, not a file to read`);
      }
      source = handle.createReadStream();
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read ${quoted(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_INPUT_BYTES) throw new ValidationError('input', `longer than ${MAX_INPUT_BYTES} bytes, the most aana-store reads as one document`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The whole of FILE (or stdin) as text. It must be UTF-8: invalid bytes are refused naming their
 * line, never replaced with U+FFFD. A leading BOM is dropped.
 */
export async function readTextInput(ctx: CommandContext, file: string | undefined): Promise<string> {
  const bytes = await readBytes(ctx, file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(`line ${countLineFeeds(bytes, 0, firstInvalidUtf8(bytes)) + 1}`, 'invalid UTF-8');
  }
}
