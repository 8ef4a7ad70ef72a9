export { GcsStorage, createGcsStorage, gcsClientOptions, type GcsStorageOptions } from './gcs-storage.js';
export { toGcsError } from './gcs-error.js';
export { fromLocation } from './gcs-from-location.js';
