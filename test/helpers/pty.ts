import { spawn } from 'node:child_process';

/**
 * A real pseudo-terminal for one process, driven by python3's `pty` module: the child gets the
 * terminal as stdin, stdout and stderr (so `isTTY`, colours, prompts, progress bars and Ctrl-C behave
 * as for a person). What the child writes arrives on `output()`; `type` sends keys to it, so "\x03"
 * is Ctrl-C through the terminal's line discipline; `signal` forwards a signal to the child itself.
 */
const DRIVER = String.raw`
import fcntl, os, pty, select, signal, struct, sys, termios
rows, cols = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(sys.argv[3], sys.argv[3:])
for sig in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(sig, lambda number, _frame: os.kill(pid, number))
watched = [fd, 0]
while fd in watched:
    try:
        ready, _, _ = select.select(watched, [], [])
    except InterruptedError:
        continue
    for source in ready:
        try:
            data = os.read(source, 65536)
        except OSError:
            data = b''
        if source == fd:
            if not data:
                watched.remove(fd)
            else:
                os.write(1, data)
        elif not data:
            watched.remove(0)
        else:
            os.write(fd, data)
_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
`;

export interface PtyProcess {
  /** Everything the child wrote to the terminal so far (stdout and stderr together, as a person sees it). */
  output(): string;
  /** Types text at the terminal. */
  type(text: string): void;
  /** Sends a signal to the child (not through the terminal). */
  signal(signal: 'SIGTERM' | 'SIGHUP'): void;
  /** Resolves when the terminal, read as `plain` text (readline moves the cursor after a prompt), matches `pattern`; rejects after `timeoutMs` with what it showed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The child's exit code (128 + signal number when a signal ended it). */
  exited: Promise<{ code: number; output: string }>;
}

export function spawnPty(command: string[], options: { env: NodeJS.ProcessEnv; columns?: number; rows?: number }): PtyProcess {
  const driver = spawn('python3', ['-c', DRIVER, String(options.rows ?? 40), String(options.columns ?? 120), ...command], { env: options.env, stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  const waiters = new Set<() => void>();
  driver.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    for (const check of waiters) check();
  });
  driver.stdin.on('error', () => undefined);
  const exited = new Promise<{ code: number; output: string }>((resolve, reject) => {
    driver.on('error', reject);
    driver.on('close', (code) => {
      resolve({ code: code ?? -1, output: text });
      for (const check of waiters) check();
    });
  });
  return {
    output: () => text,
    type: (keys) => driver.stdin.write(keys),
    signal: (signal) => driver.kill(signal),
    exited,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`terminal never showed ${pattern} in ${timeoutMs} ms; it showed:\n${JSON.stringify(text)}`));
        }, timeoutMs);
        function check() {
          if (!pattern.test(plain(text)) && driver.exitCode === null) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (pattern.test(plain(text))) resolve();
          else reject(new Error(`the process ended before the terminal showed ${pattern}; it showed:\n${JSON.stringify(text)}`));
        }
        waiters.add(check);
        check();
      }),
  };
}

/** Terminal output without colour and cursor escapes, carriage returns made newlines. */
export function plain(text: string): string {
   
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n');
}
