// The streams and process facts a CLI run uses. `bin.ts` passes the real process; tests pass captured
// streams so the whole CLI runs in-process.
import type { DecodePool } from '@synctrack/core/internal';
import type { StorageOpener } from './location/storage-opener.js';

/** A writable text stream; `isTTY` and `columns` are read the way Node's process streams expose them. */
export interface CliOutputStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: CliOutputStream;
  stderr: CliOutputStream;
  /** Defaults to `process.env` (NO_COLOR, FORCE_COLOR, cloud credentials). */
  env?: NodeJS.ProcessEnv;
  /** Relative local paths resolve against this; defaults to `process.cwd()`. */
  cwd?: string;
  /** Standard input, for `synctrack mcp` (defaults to `process.stdin`). */
  stdin?: NodeJS.ReadableStream;
  /** Aborts the running command, e.g. on Ctrl-C; the run ends with exit code 130. */
  signal?: AbortSignal;
  /** How a location becomes a storage adapter; tests and embedders may supply their own. */
  openStorage?: StorageOpener;
  /**
   * The decode workers, for a program that runs many commands in one process: the commands share
   * this pool and leave its workers running; closing it is the caller's. By default a command uses
   * the process's own pool and ends its workers when it is done, as a one-command process should.
   */
  decodePool?: DecodePool;
}
