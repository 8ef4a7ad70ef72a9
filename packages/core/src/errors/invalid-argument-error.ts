// A caller passed a value synctrack cannot use; the context names the argument.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class InvalidArgumentError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('INVALID_ARGUMENT', { retryable: false, ...options });
    this.name = 'InvalidArgumentError';
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return SyncTrackError.isInstance(error) && error.code === 'INVALID_ARGUMENT';
  }
}
