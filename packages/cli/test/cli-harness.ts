// Runs the CLI in-process with captured stdout and stderr, as a terminal or as a pipe.
import { Writable } from 'node:stream';
import { DecodePool } from '@synctrack/core/internal';
import { runCli, type CliIo } from '../src/index.js';

/**
 * The decode workers the in-process commands share, as a program running many commands would
 * (CliIo's `decodePool`): a command on its own starts and ends its workers, which cost this suite a
 * quarter of its CPU time (62 CPU-s against 47). The one-command path is the built executable's
 * (bin-process.test.ts and the other process tests) and human-output.test.ts's.
 */
const harnessDecodePool = new DecodePool({ callerDecodes: true });

export class CapturedStream extends Writable {
  text = '';
  isTTY: boolean;
  columns: number | undefined;

  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    super({ decodeStrings: false });
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions extends Partial<Omit<CliIo, 'stdout' | 'stderr'>> {
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
}

export async function synctrack(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const { stdoutTTY, stderrTTY, ...io } = options;
  const stdout = new CapturedStream({ isTTY: stdoutTTY });
  const stderr = new CapturedStream({ isTTY: stderrTTY });
  const exitCode = await runCli(argv, { env: { ...io.env }, decodePool: harnessDecodePool, ...io, stdout, stderr });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

/** Every line of stdout parsed as JSON (fails the test on anything that is not). */
export function jsonLines(text: string): unknown[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map((line) => JSON.parse(line));
}
