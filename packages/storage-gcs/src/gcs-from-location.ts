// The location registry's entry into this package: gs://bucket/prefix. The adapter is rooted at the
// bucket; the registry hands the prefix to the client.
import type { FromLocation } from '@synctrack/core';
import { GcsStorage, type GcsStorageOptions } from './gcs-storage.js';

export const fromLocation: FromLocation = (location, options) =>
  new GcsStorage({
    ...(options.adapterOptions as Partial<GcsStorageOptions> | undefined),
    bucket: location.bucket,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
