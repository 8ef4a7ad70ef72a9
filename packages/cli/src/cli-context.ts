// What every command needs from a run of the CLI: the output sinks, colours, the abort signal, how to
// open locations, and the global flags.
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { colorsFor, type Colors } from './output/colors.js';
import { OutputSink } from './output/output-sink.js';
import { NO_PROGRESS, startProgress, type Progress, type ProgressOptions } from './progress/progress-reporter.js';
import {
  explainMissingRun,
  openLocation,
  openRunTarget,
  type LocationTarget,
  type RunSelection,
  type RunTarget,
} from './location/run-target.js';
import { defaultStorageOpener } from './location/storage-opener.js';
import type { CommandDecoding } from './location/command-decode-pool.js';

export interface GlobalFlags {
  json: boolean;
  debug: boolean;
}

/** How the command's client is set up beyond the location. */
export interface ClientOptions {
  /** A local index directory (already resolved and created): `find --index`, `index`. */
  indexDirectory?: string;
  /** Who decodes the run's row groups (see command-decode-pool.ts). */
  decoding?: CommandDecoding;
}

export class CliContext {
  readonly stdout: OutputSink;
  readonly stderr: OutputSink;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on Ctrl-C (through `io.signal`) or when the reader of stdout goes away. */
  readonly signal: AbortSignal;
  readonly stdoutColors: Colors;
  readonly stderrColors: Colors;
  /** The exit code of a command that ends without an error: `check` sets EXIT_CODES.rulesBroken. */
  exitCode: ExitCode = EXIT_CODES.ok;
  /** The progress timeout of cloud storage requests, from the global `--read-timeout` (set before a command runs). */
  readTimeoutMs: number | undefined;
  private readonly controller = new AbortController();

  constructor(readonly io: CliIo) {
    this.env = io.env ?? process.env;
    this.cwd = io.cwd ?? process.cwd();
    this.stdout = new OutputSink(io.stdout, { batched: true, onClosed: () => this.controller.abort(new Error('stdout was closed')) });
    this.stderr = new OutputSink(io.stderr, { after: this.stdout });
    this.stdoutColors = colorsFor(io.stdout, this.env);
    this.stderrColors = colorsFor(io.stderr, this.env);
    this.signal = io.signal === undefined ? this.controller.signal : AbortSignal.any([io.signal, this.controller.signal]);
  }

  /** The reader of stdout went away; the command stops and the CLI exits 0 quietly. */
  get stdoutClosed(): boolean {
    return this.stdout.closed;
  }

  flags(command: Command): GlobalFlags {
    const options = command.optsWithGlobals<{ json?: boolean; debug?: boolean }>();
    return { json: options.json === true, debug: options.debug === true };
  }

  /**
   * A progress bar on stderr. A command that prints to stdout as it goes passes `streamsToStdout`: on a
   * terminal the bar would tear through its lines, so it shows only when stdout is redirected.
   */
  progress(options: ProgressOptions & { streamsToStdout?: boolean }): Progress {
    if (options.streamsToStdout && this.stdout.isTTY) return NO_PROGRESS;
    return startProgress(this.io.stderr, options);
  }

  private openOptions(extra: ClientOptions = {}) {
    return { cwd: this.cwd, env: this.env, openStorage: this.io.openStorage ?? defaultStorageOpener, decodePool: this.io.decodePool, readTimeoutMs: this.readTimeoutMs, ...extra };
  }

  openLocation(location: string, options: ClientOptions = {}): Promise<LocationTarget> {
    return openLocation(location, this.openOptions(options));
  }

  /** Opens the run, does the work, and closes the storage; a missing run says what the location is instead. */
  async withRun<T>(location: string, selection: RunSelection, work: (target: RunTarget) => Promise<T>, options: ClientOptions = {}): Promise<T> {
    const target = await openRunTarget(location, selection, this.openOptions(options));
    try {
      return await work(target);
    } catch (error) {
      throw await explainMissingRun(error, target);
    } finally {
      await target.close();
    }
  }

  dispose(): void {
    this.stdout.dispose();
    this.stderr.dispose();
  }
}
