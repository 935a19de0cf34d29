/**
 * The progress line of a long run: `fluxgen: building 87/120 …` on stderr, one line rewritten in place
 * ("\r" + clear-line). Drawn only when stderr is a terminal and the run has lasted about a second, so fast
 * runs print nothing; erased when the run ends, so what the run prints after it is the same as without it.
 */
import type { BuildProgress, OnBuildProgress } from '../build/builder.ts';

/** How long a run goes before its progress line appears. */
export const PROGRESS_DELAY_MS = 1000;
const REDRAW_MS = 100;
/** Back to column 0, then clear to the end of the line. */
const CLEAR_LINE = '\r\u001b[K';

/** A progress line being kept up to date; `stop` erases it. */
export interface ProgressLine {
  update: OnBuildProgress;
  stop(): void;
}

/** The line's text, cut to the terminal's width: a wrapped line could not be rewritten in place. */
export function progressText(progress: BuildProgress, columns?: number): string {
  const text = `fluxgen: building ${progress.done}/${progress.total} …`;
  return columns !== undefined && columns > 1 ? text.slice(0, columns - 1) : text;
}

/** Whether `stream` can show a line rewritten in place: a terminal that understands clear-line. */
export function showsProgress(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

/**
 * Starts the progress line on `stream`: after `delayMs`, redrawn as `update` brings news. While it is up,
 * anything else written to the stream (a notice, a signal's message) first erases it, so that text starts
 * at column 0; the line comes back below it at the next redraw. A process that exits mid-run erases it too.
 */
export function startProgressLine(stream: NodeJS.WriteStream, delayMs = PROGRESS_DELAY_MS): ProgressLine {
  const original = stream.write;
  const write = (text: string) => original.call(stream, text);
  let latest: BuildProgress | undefined;
  let shown = '';
  let redraw: NodeJS.Timeout | undefined;

  const erase = () => {
    if (shown === '') return;
    write(CLEAR_LINE);
    shown = '';
  };
  const draw = () => {
    if (latest === undefined) return;
    const text = progressText(latest, stream.columns);
    if (text === shown) return;
    write(`${CLEAR_LINE}${text}`);
    shown = text;
  };
  stream.write = function (this: NodeJS.WriteStream, ...args: Parameters<NodeJS.WriteStream['write']>) {
    erase();
    return (original as (...a: typeof args) => boolean).apply(this, args);
  } as NodeJS.WriteStream['write'];
  process.once('exit', erase);

  const appear = setTimeout(() => {
    draw();
    redraw = setInterval(draw, REDRAW_MS).unref();
  }, delayMs).unref();

  return {
    update: (progress) => void (latest = progress),
    stop: () => {
      clearTimeout(appear);
      clearInterval(redraw);
      erase();
      stream.write = original;
      process.off('exit', erase);
    },
  };
}

/**
 * Runs `run` with a progress line on stderr when `wanted` (not for machine-readable output) and stderr
 * shows one; `run` gets the callback to hand the builder, or undefined. The line is gone when `run` settles.
 */
export async function withProgress<T>(wanted: boolean, run: (onProgress?: OnBuildProgress) => Promise<T>): Promise<T> {
  if (!wanted || !showsProgress(process.stderr)) return run(undefined);
  const line = startProgressLine(process.stderr);
  try {
    return await run(line.update);
  } finally {
    line.stop();
  }
}
