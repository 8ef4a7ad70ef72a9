// Whether a run is still being written, for its page: core's rule (runs/run-in-progress.ts) from
// the run's own listing first, and only when that says it could be, the sync's runs are listed to
// ask whether it is the newest.
import type { RunIds, RunListing, RunMetadata, SyncTrackingClient } from '@synctrack/core';
import { runStillBeingWritten } from '@synctrack/core/internal';

export async function runInProgress(client: SyncTrackingClient, ids: RunIds, listing: RunListing, metadata: RunMetadata | null, signal: AbortSignal): Promise<boolean> {
  let lastLandedAt: Date | null = null;
  for (const file of listing.files) if (file.lastModified !== undefined && (lastLandedAt === null || file.lastModified > lastLandedAt)) lastLandedAt = file.lastModified;
  // A run of metadata.json alone has no record file's time here: listRuns, which sees every object, decides.
  if (lastLandedAt !== null && !runStillBeingWritten({ newest: true, metadata, lastLandedAt })) return false;
  const runs = await client.listRuns(ids, { signal });
  return runs.find((run) => run.runId === ids.runId)?.inProgress ?? false;
}

