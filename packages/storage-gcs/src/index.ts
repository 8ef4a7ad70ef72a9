export { GcsStorage, createGcsStorage, gcsClientOptions, type GcsStorageOptions } from './gcs-storage.js';
export { toGcsError } from './gcs-error.js';
