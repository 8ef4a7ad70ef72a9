// The newest run of every sync in a bucket, one line each: what the cloud examples print, shared by
// them. Run on its own, it reads a local bucket folder (default ./demo-bucket):
//   npx tsx examples/newest-runs.ts [bucket]
import type { SyncTrackingClient } from '@synctrack/core';
import { isMainScript, runExample } from './example-errors.js';

export async function printNewestRuns(client: SyncTrackingClient): Promise<void> {
  for (const orgId of await client.listOrganizations()) {
    for (const syncId of await client.listSyncs({ orgId })) {
      const [newest] = await client.listRuns({ orgId, syncId });
      if (newest === undefined) continue;
      const summary = await client.summary(newest);
      const { success, rejected, invalid } = summary.byOutcome;
      console.log(
        `org ${orgId} sync ${syncId} run ${newest.runId}: ${summary.total} records, ${success} success, ${rejected} rejected, ${invalid} invalid`,
      );
    }
  }
}

if (isMainScript(import.meta.url)) {
  // Imported here, not above: the cloud examples that share printNewestRuns need no local bucket.
  const { demoClient } = await import('./demo-client.js');
  await runExample(import.meta.url, () => printNewestRuns(demoClient().client));
}
