// Runs the CLI in-process with captured stdout and stderr, as a terminal or as a pipe.
import { Writable } from 'node:stream';
import { runCli, type CliIo } from '../src/index.js';

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
  const exitCode = await runCli(argv, { env: { ...io.env }, ...io, stdout, stderr });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

/** Every line of stdout parsed as JSON (fails the test on anything that is not). */
export function jsonLines(text: string): unknown[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map((line) => JSON.parse(line));
}
