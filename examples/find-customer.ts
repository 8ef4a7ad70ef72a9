// What happened to customer X? Finds every record with the given identifiers in every run of every
// sync in the bucket, newest run first.
//   npx tsx examples/find-customer.ts [bucket] [identifier...]
import { bucketSyncs, demoClient } from './demo-client.js';
import { runExample } from './example-errors.js';

const { client, args } = demoClient();
// One of the demo's customers when none is given.
const identifiers = args.length > 0 ? args : ['1000042'];

await runExample(import.meta.url, async () => {
  for (const sync of await bucketSyncs(client)) {
    for (const run of await client.listRuns(sync)) {
      const records = await client.find(run, identifiers);
      for (const record of records) {
        console.log(
          `org ${sync.orgId} sync ${sync.syncId} run ${run.runId}  ${record.identifier}  ${record.operation} → ${record.status ?? 'NULL'}` +
            (record.statusMessage ? `  ${record.statusMessage}` : '') +
            `  (${record.origin.file} row ${record.origin.rowIndex})`,
        );
      }
      if (records.length === 0) console.log(`org ${sync.orgId} sync ${sync.syncId} run ${run.runId}  not in this run`);
    }
  }
});
