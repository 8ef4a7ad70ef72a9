export { S3Storage, createS3Storage, type S3StorageOptions } from './s3-storage.js';
export { s3ClientConfig, type S3ConnectionOptions } from './s3-client-config.js';
export { toS3Error } from './s3-error.js';
export { fromLocation } from './s3-from-location.js';
