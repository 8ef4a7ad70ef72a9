// Sync tracking data straight from a Google Cloud Storage bucket. Credentials come from Application
// Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth, the metadata server);
// STORAGE_EMULATOR_HOST points it at an emulator.
//   npx tsx examples/gcs-bucket.ts <bucket> [prefix]
import { SyncTrackingClient } from '@synctrack/core';
import { createGcsStorage } from '@synctrack/storage-gcs';
import { runExample } from './example-errors.js';
import { printNewestRuns } from './newest-runs.js';

const [bucket, prefix] = process.argv.slice(2);
if (!bucket) {
  console.error('usage: npx tsx examples/gcs-bucket.ts <bucket> [prefix]');
  process.exit(2);
}
await runExample(import.meta.url, async () => {
  // Or bring your own client: createGcsStorage({ bucket, storage: new Storage({ ... }) }).
  const storage = createGcsStorage({ bucket, ...(prefix ? { prefix } : {}) });
  try {
    await printNewestRuns(new SyncTrackingClient({ storage }));
  } finally {
    await storage.close?.();
  }
});
