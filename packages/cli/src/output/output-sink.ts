// Writes text to stdout or stderr with backpressure, and turns a reader that went away
// (`synctrack filter … | head`, EPIPE) into a quiet stop instead of a crash. A batched sink (stdout)
// gathers writes into chunks: one write to a pipe is a system call, and a filter prints hundreds of
// thousands of lines.
import type { CliOutputStream } from '../cli-io.js';

/** Streams that already carry the listener that keeps a late EPIPE from crashing the process. */
const guarded = new WeakSet<CliOutputStream>();

/** A batched sink hands its text to the stream once this many characters have gathered… */
export const BATCH_CHARS = 64 * 1024;
// …or when the event loop next turns, so output never waits on a slow scan for the rest of its chunk.

const DONE: Promise<void> = Promise.resolve();

export interface OutputSinkOptions {
  /** Called once when the reader of the stream goes away. */
  onClosed?: () => void;
  /** Gather writes into chunks (see BATCH_CHARS); `flush` sends what is left. */
  batched?: boolean;
  /** A batched sink whose gathered text goes out before this sink writes: on one terminal, stdout's lines stay ahead of stderr's. */
  after?: OutputSink;
}

export class OutputSink {
  /** The reader closed the pipe; further output is dropped. */
  closed = false;
  private failure: Error | null = null;
  private pending = '';
  private sendScheduled = false;
  /** Set while the stream's buffer is full; writers wait for it. */
  private draining: Promise<void> | null = null;
  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      if (!this.closed) {
        this.closed = true;
        this.pending = '';
        this.options.onClosed?.();
      }
    } else {
      this.failure = error;
    }
  };
  private readonly sendScheduledText = () => {
    this.sendScheduled = false;
    void this.send();
  };

  constructor(
    readonly stream: CliOutputStream,
    private readonly options: OutputSinkOptions = {},
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

  /**
   * Resolves at once unless the stream is full; then when it has drained (or the reader left).
   * Bytes (which the caller must not change afterwards) go to the stream at once, after any text
   * gathered before them; `onWritten` is called once the stream is done with them (handed to the
   * operating system, failed, or dropped), when their memory may be reused.
   */
  write(text: string | Uint8Array, onWritten?: () => void): Promise<void> {
    if (this.failure !== null) {
      onWritten?.();
      return Promise.reject(this.failure);
    }
    if (this.closed || text.length === 0) {
      onWritten?.();
      return DONE;
    }
    this.options.after?.send();
    if (typeof text !== 'string') {
      void this.send();
      return this.failIfBroken(this.emit(text, onWritten));
    }
    this.pending += text;
    if (!this.options.batched || this.pending.length >= BATCH_CHARS) return this.failIfBroken(this.send());
    if (!this.sendScheduled) {
      this.sendScheduled = true;
      setImmediate(this.sendScheduledText);
    }
    return this.draining === null ? DONE : this.failIfBroken(this.draining);
  }

  writeLine(text = ''): Promise<void> {
    return this.write(`${text}\n`);
  }

  /** Waits until everything written has been handed to the operating system (or the reader left). */
  async flush(): Promise<void> {
    await this.send();
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      if (!this.stream.write('', () => resolve())) this.drained().then(resolve, resolve);
    });
  }

  dispose(): void {
    void this.send();
    this.stream.off('error', this.onError);
    // A late EPIPE after the run must still not crash the process; one listener per stream, however
    // many runs an embedder makes on process.stdout.
    if (!guarded.has(this.stream)) {
      guarded.add(this.stream);
      this.stream.on('error', () => {});
    }
  }

  /** Hands the gathered text to the stream; the promise (which never rejects) waits for a full stream to drain. */
  private send(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    return this.emit(text);
  }

  private emit(chunk: string | Uint8Array, onWritten?: () => void): Promise<void> {
    if (chunk.length === 0 || this.closed) {
      onWritten?.();
      return this.draining ?? DONE;
    }
    if (!this.stream.write(chunk, onWritten) && this.draining === null) {
      this.draining = this.drained().then(() => {
        this.draining = null;
      });
    }
    return this.draining ?? DONE;
  }

  /** A stream error seen once the wait is over fails the write that waited. */
  private async failIfBroken(waiting: Promise<void>): Promise<void> {
    await waiting;
    if (this.failure !== null) throw this.failure;
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
