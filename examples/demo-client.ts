// Shared by the examples: a client over the demo bucket (or a bucket folder given as the first argument).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';

export function demoClient(): { client: SyncTrackingClient; args: string[] } {
  const [bucket = resolve(import.meta.dirname, '../demo-bucket'), ...args] = process.argv.slice(2);
  if (!existsSync(bucket)) {
    console.error(`No bucket at ${bucket}: run \`npm run demo\` first, or pass a bucket folder.`);
    process.exit(2);
  }
  return { client: new SyncTrackingClient({ storage: createFsStorage({ root: bucket }) }), args };
}

/** The newest completed run of the demo's Salesforce sync (the newest one is still in progress). */
export async function latestCompletedRun(client: SyncTrackingClient) {
  const runs = await client.listRuns({ orgId: '4821', syncId: '120' });
  return runs[1] ?? runs[0]!;
}
