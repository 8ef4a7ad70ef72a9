// Shared by the examples: a client over the demo bucket (or a bucket folder given as the first
// argument), and the run they read. Run on its own, it says what the bucket holds:
//   npx tsx examples/demo-client.ts [bucket]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SyncTrackingClient, type RunInfo } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { isMainScript, runExample } from './example-errors.js';

export function demoClient(): { client: SyncTrackingClient; args: string[] } {
  const [bucket = resolve(import.meta.dirname, '../demo-bucket'), ...args] = process.argv.slice(2);
  if (!existsSync(bucket)) {
    console.error(`No bucket at ${bucket}: run \`npm run demo\` first, or pass a bucket folder.`);
    process.exit(2);
  }
  return { client: new SyncTrackingClient({ storage: createFsStorage({ root: bucket }) }), args };
}

/** Every sync of the bucket, organization by organization. */
export async function bucketSyncs(client: SyncTrackingClient): Promise<Array<{ orgId: string; syncId: string }>> {
  const syncs: Array<{ orgId: string; syncId: string }> = [];
  for (const orgId of await client.listOrganizations()) {
    for (const syncId of await client.listSyncs({ orgId })) syncs.push({ orgId, syncId });
  }
  return syncs;
}

/** The newest complete run of the bucket's first sync (the demo's Salesforce sync, whose newest run is still being written). */
export async function latestCompletedRun(client: SyncTrackingClient): Promise<RunInfo> {
  const [first] = await bucketSyncs(client);
  if (first === undefined) throw new Error('The bucket holds no sync: no sync_tracking_datasets/<org>/<sync>/ folder');
  const runs = await client.listRuns(first);
  const run = runs.find((candidate) => candidate.inProgress !== true) ?? runs[0];
  if (run === undefined) throw new Error(`Sync ${first.syncId} of organization ${first.orgId} has no runs`);
  return run;
}

if (isMainScript(import.meta.url)) {
  await runExample(import.meta.url, async () => {
    const { client } = demoClient();
    for (const sync of await bucketSyncs(client)) {
      const runs = await client.listRuns(sync);
      console.log(`org ${sync.orgId} sync ${sync.syncId}: ${runs.length} runs, newest ${runs[0]?.runId ?? '–'}${runs[0]?.inProgress ? ' (still being written)' : ''}`);
    }
    const run = await latestCompletedRun(client);
    console.log(`the examples read run ${run.runId} of org ${run.orgId} sync ${run.syncId}`);
  });
}
