export { AzureStorage, createAzureStorage, type AzureStorageOptions } from './azure-storage.js';
export {
  accountOfConnectionString,
  azurePipelineOptions,
  azureRetrySettings,
  createContainerClient,
  type AzureConnectionOptions,
  type TokenCredential,
} from './azure-client.js';
export { toAzureError } from './azure-error.js';
export { fromLocation } from './azure-from-location.js';
