// The location registry's entry into this package: s3://bucket/prefix. The adapter is rooted at the
// bucket; the registry hands the prefix to the client.
import type { FromLocation } from '@synctrack/core';
import { S3Storage, type S3StorageOptions } from './s3-storage.js';

export const fromLocation: FromLocation = (location, options) =>
  new S3Storage({
    ...(options.adapterOptions as Partial<S3StorageOptions> | undefined),
    bucket: location.bucket,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
