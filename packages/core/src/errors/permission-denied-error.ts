// Storage refused access: missing or wrong credentials, or no permission on the key.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class PermissionDeniedError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('PERMISSION_DENIED', { retryable: false, ...options });
    this.name = 'PermissionDeniedError';
  }

  static override isInstance(error: unknown): error is PermissionDeniedError {
    return SyncTrackError.isInstance(error) && error.code === 'PERMISSION_DENIED';
  }
}
