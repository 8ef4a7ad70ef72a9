// Sync tracking data straight from an Azure Blob Storage container. The account and key come from
// AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with DefaultAzureCredential (install
// @azure/identity for that).
//   npx tsx examples/azure-container.ts <container> [prefix]
import { SyncTrackingClient, type StorageAdapter } from '@synctrack/core';
import { createAzureStorage } from '@synctrack/storage-azure';
import { runExample } from './example-errors.js';
import { printNewestRuns } from './newest-runs.js';

const [container, prefix] = process.argv.slice(2);
if (!container) {
  console.error('usage: npx tsx examples/azure-container.ts <container> [prefix]');
  process.exit(2);
}
await runExample(import.meta.url, async () => {
  // Or bring your own client: createAzureStorage({ container, client: containerClient }).
  const storage: StorageAdapter = createAzureStorage({ container, ...(prefix ? { prefix } : {}) });
  try {
    await printNewestRuns(new SyncTrackingClient({ storage }));
  } finally {
    await storage.close?.();
  }
});
