// A failure of synctrack itself or of its environment (a worker or module that cannot start, a bug
// in our code, memory): never the user's data, which is INVALID_DATA. Messages end with REPORT_HINT.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class InternalError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('INTERNAL', { retryable: false, ...options });
    this.name = 'InternalError';
  }

  static override isInstance(error: unknown): error is InternalError {
    return SyncTrackError.isInstance(error) && error.code === 'INTERNAL';
  }
}
