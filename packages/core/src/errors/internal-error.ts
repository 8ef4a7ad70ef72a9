// A bug in synctrack itself: please report it with the message.
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
