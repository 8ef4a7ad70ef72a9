// A byte range that starts at or past the end of an object.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class RangeNotSatisfiableError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('RANGE_NOT_SATISFIABLE', { retryable: false, ...options });
    this.name = 'RangeNotSatisfiableError';
  }

  static override isInstance(error: unknown): error is RangeNotSatisfiableError {
    return SyncTrackError.isInstance(error) && error.code === 'RANGE_NOT_SATISFIABLE';
  }
}
