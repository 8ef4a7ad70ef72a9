// A storage location, adapter option or environment setting that is wrong or incomplete.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class ConfigInvalidError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('CONFIG_INVALID', { retryable: false, ...options });
    this.name = 'ConfigInvalidError';
  }

  static override isInstance(error: unknown): error is ConfigInvalidError {
    return SyncTrackError.isInstance(error) && error.code === 'CONFIG_INVALID';
  }
}
