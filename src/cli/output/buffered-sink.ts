import { TextSink } from './sink.js';

const FLUSH_AT = 64 * 1024;

/**
 * A TextSink that gathers small writes into large ones: a million one-line records become a few
 * thousand writes instead of a million, while memory stays bounded by FLUSH_AT.
 */
export class BufferedTextSink extends TextSink {
  private parts: string[] = [];
  private size = 0;

  override async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await super.write(text);
  }
}
