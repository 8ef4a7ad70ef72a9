// Turns an aborted AbortSignal into synctrack's typed AbortedError.
import { AbortedError } from '../errors/aborted-error.js';

export function throwIfAborted(signal: AbortSignal | undefined, adapter?: string): void {
  if (signal?.aborted) {
    throw new AbortedError({
      message: 'The operation was aborted',
      context: adapter === undefined ? {} : { adapter },
      cause: signal.reason,
    });
  }
}
