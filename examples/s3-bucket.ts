// Sync tracking data straight from an S3 bucket. Credentials come from the AWS SDK's usual chain
// (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, instance roles); AWS_REGION sets the
// region and AWS_ENDPOINT_URL_S3 an S3-compatible store (MinIO, R2, a local emulator).
//   npx tsx examples/s3-bucket.ts <bucket> [prefix]
import { SyncTrackingClient } from '@synctrack/core';
import { createS3Storage } from '@synctrack/storage-s3';
import { runExample } from './example-errors.js';
import { printNewestRuns } from './newest-runs.js';

const [bucket, prefix] = process.argv.slice(2);
if (!bucket) {
  console.error('usage: npx tsx examples/s3-bucket.ts <bucket> [prefix]');
  process.exit(2);
}
await runExample(import.meta.url, async () => {
  // Or bring your own client: createS3Storage({ bucket, client: new S3Client({ ... }) }).
  const storage = createS3Storage({ bucket, ...(prefix ? { prefix } : {}) });
  try {
    await printNewestRuns(new SyncTrackingClient({ storage }));
  } finally {
    await storage.close?.();
  }
});
