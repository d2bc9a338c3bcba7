import type { Writable } from 'node:stream';

/** Writes text to a stream, waiting for it to drain so that large outputs stay in bounded memory. */
export class TextSink {
  /** Whether anything was written yet. */
  written = false;

  constructor(readonly stream: Writable & { isTTY?: boolean }) {}

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }

  async write(text: string): Promise<void> {
    this.written ||= text.length > 0;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          this.stream.off('close', done);
          if (error) reject(error);
          else resolve();
        };
        this.stream.once('drain', done);
        this.stream.once('error', done);
        this.stream.once('close', done);
      });
    }
  }
}
