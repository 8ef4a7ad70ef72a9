export { GcsStorage, createGcsStorage, type GcsStorageOptions } from './gcs-storage.js';
export { gcsClientOptions, gcsRetrySettings } from './gcs-client-options.js';
export { toGcsError } from './gcs-error.js';
export { fromLocation } from './gcs-from-location.js';
