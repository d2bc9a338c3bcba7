import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { useCatalog } from '../helpers/catalog.js';
import { BIN, tempDir } from '../helpers/cli.js';

const COLUMNS = 60;
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const record = (i: number) => `{"id":"tty-${i}","url":"https://example.com/${i}.mp4","title":"title ${i}"}\n`;
const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => record(from + i)).join('');

/**
 * What a terminal shows, line by line: each redraw starts a line (a move to column 1, a carriage
 * return or a newline), other escape sequences are removed.
 */
function screenLines(output: string): string[] {
  return output
    .replace(/\x1b\[\d*G/g, '\n')
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r|\n/)
    .filter((line) => line.length > 0);
}

interface Terminal {
  output: () => string;
  closed: Promise<number | null>;
  /** Resolves once the terminal has shown text that `test` accepts. */
  waitFor: (test: (output: string) => boolean) => Promise<void>;
}

/** Runs a shell command on a real pseudo-terminal `COLUMNS` wide (util-linux `script`). */
function onTerminal(command: string): Terminal {
  const child = spawn('script', ['-qec', `stty cols ${COLUMNS}; ${command}`, '/dev/null'], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm' } });
  let output = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    for (const waiter of waiters) waiter();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    output: () => output,
    closed,
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        const check = () => test(output) && resolve();
        waiters.push(check);
        void closed.then(() => reject(new Error(`the command ended before the terminal showed what was expected:\n${output}`)));
        check();
      }),
  };
}

describe.each(BACKENDS)('video import on a terminal ($kind)', ({ kind, available, create }) => {
  describe.skipIf(!available)(kind, () => {
    const db = useCatalog(create);
    const dir = tempDir('aana-store-tty-');
    afterAll(() => dir.cleanup());
    const count = async (prefix: string) => Number((await db().query<{ n: number | string }>(`select count(*) as n from video where id like '${prefix}%'`))[0].n);

    it('the shipped CLI imports a file with a progress bar that fits a narrow terminal', async () => {
      const file = join(dir.path, 'small.ndjson');
      const report = join(dir.path, 'small.json');
      writeFileSync(file, records(0, 4));
      const terminal = onTerminal(`node ${quote(BIN)} --db ${quote(db().spec)} video import ${quote(file)} --report json > ${quote(report)}`);
      expect(await terminal.closed, terminal.output()).toBe(0);
      const lines = screenLines(terminal.output());
      expect(lines.filter((line) => /error/.test(line))).toEqual([]);
      // The bar is drawn at least once, then cleared before the summary.
      expect(lines.some((line) => / records/.test(line) && /%/.test(line))).toBe(true);
      expect(lines.at(-1)).toMatch(/^inserted 4, updated 0, unchanged 0, skipped 0, invalid 0 in \d+\.\d s$/);
      // Every line the bar drew (the summary is printed after it, and wraps as text does).
      for (const line of lines.slice(0, -1)) expect(line.length, line).toBeLessThanOrEqual(COLUMNS);
      expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ records: 4, inserted: 4 });
      expect(await count('tty-')).toBe(4);
    }, 60_000);

    it('reading a stream of unknown size, the bar counts records as they arrive and stays within the width', async () => {
      const fifo = join(dir.path, 'input.fifo');
      const made = await new Promise<number | null>((resolve) => spawn('mkfifo', [fifo]).on('close', resolve));
      expect(made).toBe(0);
      const terminal = onTerminal(`node ${quote(BIN)} --db ${quote(db().spec)} video import - --on-conflict skip < ${quote(fifo)}`);
      const input = createWriteStream(fifo);
      // A CLI that fails early closes the pipe; its own output tells why.
      input.on('error', () => undefined);
      // More than one chunk, so that progress is reported before the input ends.
      input.write(records(1000, 12_000));
      await terminal.waitFor((output) => /\b[1-9]\d* records/.test(screenLines(output).join('\n')));
      input.end(records(12_000, 13_000));
      expect(await terminal.closed, terminal.output()).toBe(0);
      const lines = screenLines(terminal.output());
      expect(lines.at(-1)).toMatch(/^inserted 12000, updated 0, unchanged 0, skipped 0, invalid 0 in /);
      for (const line of lines.slice(0, -1)) expect(line.length, line).toBeLessThanOrEqual(COLUMNS);
      expect(await count('tty-')).toBe(12_004);
    }, 120_000);
  });
});
