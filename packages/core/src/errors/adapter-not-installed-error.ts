// A location needs a storage adapter package that is not installed; the message names the package.
import { SyncTrackError, type SyncTrackErrorOptions } from './sync-track-error.js';

export class AdapterNotInstalledError extends SyncTrackError {
  constructor(options: SyncTrackErrorOptions) {
    super('ADAPTER_NOT_INSTALLED', { retryable: false, ...options });
    this.name = 'AdapterNotInstalledError';
  }

  static override isInstance(error: unknown): error is AdapterNotInstalledError {
    return SyncTrackError.isInstance(error) && error.code === 'ADAPTER_NOT_INSTALLED';
  }
}
