import type { ImportProgress } from '../../storage/bulk/importer.js';
import type { CommandContext } from '../context.js';

/** What one line of the progress bar shows. */
export interface ProgressState {
  records: number;
  /** Records per second so far. */
  rate: number;
  bytes: number;
  /** The file's size; unknown for a stream. */
  size?: number;
  /** Seconds left, when known. */
  eta?: number;
}

const BAR_MIN = 10;
const BAR_MAX = 40;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * One line of the bar, never wider than `width - 1` columns (the last column would make some
 * terminals wrap): the bar shrinks first, then the least useful parts go, the record count last.
 */
export function progressLine(width: number, state: ProgressState): string {
  const room = Math.max(1, width - 1);
  const known = state.size !== undefined && state.size > 0;
  const fraction = known ? Math.min(1, state.bytes / (state.size as number)) : 0;
  // In the order shown; `keep` ranks them: the lowest goes first when the line is too wide.
  const parts = [
    { text: `${Math.floor(fraction * 100)}%`, keep: 3, show: known },
    { text: `${state.records} records`, keep: 4, show: true },
    { text: `${state.rate} records/s`, keep: 2, show: true },
    { text: known ? `${mb(state.bytes)} / ${mb(state.size as number)}` : `${mb(state.bytes)} read`, keep: 1, show: true },
    { text: `ETA ${duration(state.eta ?? 0)}`, keep: 0, show: known && state.eta !== undefined && Number.isFinite(state.eta) },
  ].filter((part) => part.show);
  const text = () => parts.map((part) => part.text).join(' | ');
  const barSpace = known ? BAR_MIN + 1 : 0;
  while (parts.length > 1 && text().length + barSpace > room) {
    const lowest = parts.reduce((a, b) => (b.keep < a.keep ? b : a));
    parts.splice(parts.indexOf(lowest), 1);
  }
  const line = text();
  if (!known || line.length + barSpace > room) return line.slice(0, room);
  const size = Math.min(BAR_MAX, room - line.length - 1);
  const done = Math.round(fraction * size);
  return `${'█'.repeat(done)}${'░'.repeat(size - done)} ${line}`;
}

export interface ProgressBar {
  update(progress: ImportProgress): void;
  /** A message above the bar. */
  log(line: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr through cli-progress, only on a terminal: records, rate, bytes read
 * against the file size and the time left, fitted to the terminal's width at every redraw.
 */
export async function progressBar(ctx: CommandContext, size: number | undefined): Promise<ProgressBar | undefined> {
  if (!ctx.io.stderr.isTTY || ctx.options.quiet) return undefined;
  // cli-progress is CommonJS: its exports are the default export of the module (and of the bundle's chunk).
  const { MultiBar } = (await import('cli-progress')).default;
  const known = size !== undefined && size > 0;
  const started = performance.now();
  let state: ProgressState = { records: 0, rate: 0, bytes: 0, size };
  const multi = new MultiBar({
    stream: ctx.io.stderr,
    format: (_options, params) => progressLine(params.maxWidth, { ...state, eta: known && typeof params.eta === 'number' ? params.eta : undefined }),
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
  const bar = multi.create(known ? size : 1, 0);
  // Draw at once rather than at the first tick, so that even a short import shows where it is.
  multi.update();
  return {
    update(progress) {
      const seconds = (performance.now() - started) / 1000;
      state = { records: progress.records, rate: seconds > 0 ? Math.round(progress.records / seconds) : 0, bytes: progress.bytes, size };
      bar.update(known ? progress.bytes : 0);
    },
    log(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
