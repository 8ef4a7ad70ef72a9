// Writes text to stdout or stderr with backpressure, and turns a reader that went away
// (`synctrack filter … | head`, EPIPE) into a quiet stop instead of a crash.
import type { CliOutputStream } from '../cli-io.js';

/** Streams that already carry the listener that keeps a late EPIPE from crashing the process. */
const guarded = new WeakSet<CliOutputStream>();

export class OutputSink {
  /** The reader closed the pipe; further output is dropped. */
  closed = false;
  private failure: Error | null = null;
  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      if (!this.closed) {
        this.closed = true;
        this.onClosed();
      }
    } else {
      this.failure = error;
    }
  };

  constructor(
    readonly stream: CliOutputStream,
    private readonly onClosed: () => void = () => {},
  ) {
    stream.on('error', this.onError);
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** The terminal width, when the stream is a terminal. */
  get columns(): number | undefined {
    return this.isTTY && typeof this.stream.columns === 'number' && this.stream.columns > 0 ? this.stream.columns : undefined;
  }

  async write(text: string): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.closed || text === '') return;
    if (!this.stream.write(text)) await this.drained();
    if (this.failure !== null) throw this.failure;
  }

  writeLine(text = ''): Promise<void> {
    return this.write(`${text}\n`);
  }

  /** Waits until everything written has been handed to the operating system (or the reader left). */
  async flush(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      if (!this.stream.write('', () => resolve())) this.drained().then(resolve, resolve);
    });
  }

  dispose(): void {
    this.stream.off('error', this.onError);
    // A late EPIPE after the run must still not crash the process; one listener per stream, however
    // many runs an embedder makes on process.stdout.
    if (!guarded.has(this.stream)) {
      guarded.add(this.stream);
      this.stream.on('error', () => {});
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}
