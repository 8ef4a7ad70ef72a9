// A progress bar on stderr for work that takes longer than about a second, and only on a terminal:
// piped or redirected stderr, and quick commands, never see it.
import cliProgress from 'cli-progress';
import type { CliOutputStream } from '../cli-io.js';
import { formatCount } from '../output/human-format.js';

export interface Progress {
  /** Sets the amount done (and the total, when it becomes known). */
  update(done: number, total?: number): void;
  increment(amount?: number): void;
  /** Removes the bar; safe to call more than once. */
  stop(): void;
}

export interface ProgressOptions {
  /** What is being done, e.g. `Summarising runs`. */
  label: string;
  /** What is counted, e.g. `runs`, `records`; without it the line shows only the time taken. */
  unit?: string;
  /** Without a total the line shows a count and the time taken. */
  total?: number;
  /** Show the bar only once the work has taken this long (default 1000 ms). */
  delayMs?: number;
}

export const NO_PROGRESS: Progress = { update() {}, increment() {}, stop() {} };

export function startProgress(stream: CliOutputStream, options: ProgressOptions): Progress {
  if (stream.isTTY !== true) return NO_PROGRESS;
  let done = 0;
  let total = options.total;
  let bar: cliProgress.SingleBar | null = null;
  let stopped = false;
  const show = () => {
    const known = total !== undefined;
    bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WriteStream,
        format:
          options.unit === undefined
            ? `${options.label} | {duration_formatted}`
            : known
              ? `${options.label} {bar} {percentage}% | {value}/{total} ${options.unit} | {duration_formatted}`
              : `${options.label} {value} ${options.unit} | {duration_formatted}`,
        formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? formatCount(value) : String(value)),
        hideCursor: true,
        clearOnComplete: true,
        gracefulExit: false,
        barsize: 24,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total ?? 0, done);
  };
  const timer = setTimeout(show, options.delayMs ?? 1000);
  timer.unref();
  return {
    update(value, newTotal) {
      if (stopped) return;
      done = value;
      if (newTotal !== undefined && newTotal !== total) {
        total = newTotal;
        bar?.setTotal(newTotal);
      }
      bar?.update(done);
    },
    increment(amount = 1) {
      this.update(done + amount);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      bar?.stop();
    },
  };
}
