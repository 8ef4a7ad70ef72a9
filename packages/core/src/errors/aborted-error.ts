// Work cancelled through an AbortSignal.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class AbortedError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('ABORTED', { retryable: false, ...options });
    this.name = 'AbortedError';
  }

  static override isInstance(error: unknown): error is AbortedError {
    return SyncTrackError.isInstance(error) && error.code === 'ABORTED';
  }
}
