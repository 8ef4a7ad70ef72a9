// What happened to customer X? Finds every record with the given identifiers in every run of a
// sync, newest run first.
//   npx tsx examples/find-customer.ts [bucket] [identifier...]
import { demoClient } from './demo-client.js';

const { client, args } = demoClient();
const identifiers = args.length > 0 ? args : ['1000042'];

for (const run of await client.listRuns({ orgId: '4821', syncId: '120' })) {
  const records = await client.find(run, identifiers);
  for (const record of records) {
    console.log(
      `run ${run.runId}  ${record.identifier}  ${record.operation} → ${record.status ?? 'NULL'}` +
        (record.statusMessage ? `  ${record.statusMessage}` : '') +
        `  (${record.origin.file} row ${record.origin.rowIndex})`,
    );
  }
  if (records.length === 0) console.log(`run ${run.runId}  not in this run`);
}
