// An operation the adapter or file does not support (see the adapter's capabilities).
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class UnsupportedError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('UNSUPPORTED', { retryable: false, ...options });
    this.name = 'UnsupportedError';
  }

  static override isInstance(error: unknown): error is UnsupportedError {
    return SyncTrackError.isInstance(error) && error.code === 'UNSUPPORTED';
  }
}
