// What `SyncTrackingClient.close()` ends, and the check every method makes that it has not been.
//
// A client owns no decode pool of its own: without `decodePool` it uses the process-wide shared
// pool, so that clients of one process (a server's, a benchmark's) share warm workers. It holds a
// claim on that pool; when the last open client holding one closes, the pool's idle workers are
// ended (`DecodePool.release()`), and the pool, still usable, starts workers again for whichever
// client scans next. A pool the user passed is the user's: close() leaves it alone (end it with
// `pool.close()`). The local index is opened per `find` call and closed at its end, so no index
// handle outlives a call. Calls under way when close() is called are not cut short (pass a
// `signal` to cancel them); a stream that is still being read ends with the error below at its next
// row group.
import { AbortedError } from '../errors/aborted-error.js';
import { sharedDecodePool, type DecodePool } from '../scan/decode-pool.js';

/** Open clients using the shared pool. */
let sharedPoolClaims = 0;

export class ClientLifecycle {
  private closing: Promise<void> | null = null;

  /** @param pool the pool the user passed, or undefined for the shared one. */
  constructor(
    private readonly userPool: DecodePool | undefined,
    private readonly onClose: () => void,
  ) {
    if (userPool === undefined) sharedPoolClaims++;
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  /**
   * Throws when the client is closed: an `AbortedError` (code `ABORTED`) naming the method in its
   * message and in `context.operation`. ABORTED because closing a client cancels what it would do,
   * as aborting a signal cancels a call; no retry on this client helps (`retryable: false`).
   */
  ensureOpen(method: string): void {
    if (this.closing === null) return;
    throw new AbortedError({
      message: `SyncTrackingClient.${method}() was called after close(): make a new client`,
      context: { operation: method },
    });
  }

  /** Idempotent: every call returns the first call's promise. */
  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private async end(): Promise<void> {
    this.onClose();
    if (this.userPool === undefined && --sharedPoolClaims === 0) await sharedDecodePool().release();
  }
}
