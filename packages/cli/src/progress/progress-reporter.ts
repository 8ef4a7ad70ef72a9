// A progress bar on stderr for work that takes longer than about a second, and only on a terminal:
// piped or redirected stderr, and quick commands, never see it. cli-progress is loaded only for a
// terminal, so a piped run does not pay for it.
import type { SingleBar } from 'cli-progress';
import type { ScanProgress } from '@synctrack/core';
import type { CliOutputStream } from '../cli-io.js';
import { formatBytes, formatCount } from '../output/human-format.js';

export interface Progress {
  /** Sets the amount done (and the total, when it becomes known). */
  update(done: number, total?: number): void;
  increment(amount?: number): void;
  /** Follows a core scan: rows as the bar, files and bytes beside it (pass as `onProgress`). */
  onScan(progress: ScanProgress): void;
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
  /** A scan of a run's files: shows files and bytes done beside the rows (fed by `onScan`). */
  scan?: boolean;
}

export const NO_PROGRESS: Progress = { update() {}, increment() {}, onScan() {}, stop() {} };

export function startProgress(stream: CliOutputStream, options: ProgressOptions): Progress {
  if (stream.isTTY !== true) return NO_PROGRESS;
  let done = 0;
  let total = options.total;
  let payload = { files: '', bytes: '' };
  let bar: SingleBar | null = null;
  let stopped = false;
  // Loading starts now so the bar is ready by the time it is due; a bar that cannot load is not worth
  // failing the command for.
  const loaded = import('cli-progress').then(
    (module) => module.default,
    () => null,
  );
  const show = async () => {
    const cliProgress = await loaded;
    if (cliProgress === null || stopped) return;
    const known = total !== undefined;
    bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WriteStream,
        format: options.scan
          ? `${options.label} {bar} {percentage}% | {value}/{total} rows | {files} files | {bytes} read | {duration_formatted}`
          : options.unit === undefined
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
    bar.start(total ?? 0, done, payload);
  };
  const timer = setTimeout(() => void show(), options.delayMs ?? 1000);
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
    onScan(progress) {
      payload = { files: `${progress.filesDone}/${progress.filesTotal}`, bytes: formatBytes(progress.bytesDone) };
      if (stopped) return;
      done = progress.rowsDone;
      // Until every footer is read the row total is unknown: estimate it from the files done so far.
      const estimate = progress.filesDone > 0 ? Math.round((done / progress.filesDone) * progress.filesTotal) : done;
      const rowsTotal = progress.rowsTotal ?? Math.max(done, estimate);
      if (rowsTotal !== total) {
        total = rowsTotal;
        bar?.setTotal(rowsTotal);
      }
      bar?.update(done, payload);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      bar?.stop();
    },
  };
}
