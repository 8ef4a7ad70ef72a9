// Any location as a URL, through core's location registry: a local path or file://, s3://, gs://,
// az://, or https://<account>.blob.core.windows.net/<container>/…; the matching adapter package
// is loaded on demand (and named in the error when it is not installed).
//   npx tsx examples/any-location.ts s3://my-bucket/census
import { SyncTrackingClient, resolveStorage } from '@synctrack/core';
import { runExample } from './example-errors.js';
import { printNewestRuns } from './newest-runs.js';

const [location] = process.argv.slice(2);
if (!location) {
  console.error('usage: npx tsx examples/any-location.ts <path-or-url>');
  process.exit(2);
}
await runExample(import.meta.url, async () => {
  const { storage, prefix } = await resolveStorage(location);
  try {
    await printNewestRuns(new SyncTrackingClient({ storage, prefix }));
  } finally {
    await storage.close?.();
  }
});
