// A file that exists but cannot be understood: not Parquet, truncated, corrupt, or unreadable JSON.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class InvalidDataError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('INVALID_DATA', { retryable: false, ...options });
    this.name = 'InvalidDataError';
  }

  static override isInstance(error: unknown): error is InvalidDataError {
    return SyncTrackError.isInstance(error) && error.code === 'INVALID_DATA';
  }
}
