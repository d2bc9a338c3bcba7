import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { AanaStoreError } from '../../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
};

/** One line for a file that cannot be written: the path and the cause, no stack. */
export function fileWriteError(path: string, error: unknown): AanaStoreError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  return new AanaStoreError(`cannot write ${path}: ${REASONS[code] ?? (error as Error).message}`, 1, { cause: error });
}

/** Where an export goes: written completely and then put in place (`commit`), or not at all (`discard`). */
export interface FileTarget {
  readonly stream: Writable;
  /** The first error the stream met, if any. */
  readonly failure: unknown;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Opens `path` for an export. A regular file (or a new one) is written to a temporary file beside
 * it and renamed over it on success, so that a failed or interrupted export leaves the old file as
 * it was; the new file gets the old one's mode, or 0600. Anything else (a FIFO, /dev/stdout, a
 * device) is written directly.
 */
export async function openFileTarget(path: string, name = path): Promise<FileTarget> {
  const existing = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw fileWriteError(name, error);
  });
  if (existing?.isDirectory()) throw fileWriteError(name, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  const direct = existing !== undefined && !existing.isFile();
  const temp = direct ? undefined : join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let stream: Writable;
  try {
    if (temp) {
      const handle = await open(temp, 'wx', 0o600);
      if (existing) await chmod(temp, existing.mode & 0o7777);
      stream = handle.createWriteStream();
    } else {
      stream = createWriteStream(path, { flags: 'w' });
      await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    }
  } catch (error) {
    if (temp) await unlink(temp).catch(() => undefined);
    throw fileWriteError(name, error);
  }
  let failure: unknown;
  stream.on('error', (error) => (failure ??= error));
  const discard = async () => {
    stream.destroy();
    await finished(stream).catch(() => undefined);
    if (temp) await unlink(temp).catch(() => undefined);
  };
  return {
    stream,
    get failure() {
      return failure;
    },
    async commit() {
      try {
        stream.end();
        await finished(stream);
        if (temp) await rename(temp, path);
      } catch (error) {
        await discard();
        throw fileWriteError(name, failure ?? error);
      }
    },
    discard,
  };
}
