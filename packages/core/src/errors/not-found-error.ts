// A key, file, run or location that does not exist.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class NotFoundError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('NOT_FOUND', { retryable: false, ...options });
    this.name = 'NotFoundError';
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return SyncTrackError.isInstance(error) && error.code === 'NOT_FOUND';
  }
}
