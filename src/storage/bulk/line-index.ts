import { countLineFeeds } from './input-text.js';

/**
 * The line a byte offset of the input is on, for offsets asked in increasing order: the bytes fed
 * are kept only until the offsets asked pass them, so memory holds about one record.
 */
export class LineIndex {
  private readonly chunks: Buffer[] = [];
  /** The offset of chunks[0]. */
  private base = 0;
  /** The offset counted up to, and the line it is on. */
  private at = 0;
  private line = 1;
  /** Every byte fed so far. */
  total = 0;

  feed(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.total += bytes.length;
  }

  lineAt(offset: number): number {
    while (this.at < offset && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      const start = this.at - this.base;
      const end = Math.min(chunk.length, offset - this.base);
      this.line += countLineFeeds(chunk, start, end);
      this.at = this.base + end;
      if (end === chunk.length) {
        this.chunks.shift();
        this.base += chunk.length;
      }
    }
    return this.line;
  }
}
