// Shared by the storage examples: the newest run of every sync in a bucket, one line each.
import type { SyncTrackingClient } from '@synctrack/core';

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
