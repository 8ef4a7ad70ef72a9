// The location registry's entry into this package: az://container/prefix (the account comes from
// AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT) and
// https://<account>.blob.core.windows.net/container/prefix. The adapter is rooted at the container.
import type { FromLocation } from '@synctrack/core';
import { AzureStorage, type AzureStorageOptions } from './azure-storage.js';

export const fromLocation: FromLocation = (location, options) =>
  new AzureStorage({
    ...(options.adapterOptions as Partial<AzureStorageOptions> | undefined),
    container: location.bucket,
    ...(location.account === undefined ? {} : { account: location.account }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
