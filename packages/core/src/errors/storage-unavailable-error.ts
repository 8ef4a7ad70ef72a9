// A transient storage failure (throttling, 5xx, reset connection) that a retry may cure.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class StorageUnavailableError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('STORAGE_UNAVAILABLE', { retryable: true, ...options });
    this.name = 'StorageUnavailableError';
  }

  static override isInstance(error: unknown): error is StorageUnavailableError {
    return SyncTrackError.isInstance(error) && error.code === 'STORAGE_UNAVAILABLE';
  }
}
