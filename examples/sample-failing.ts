// Give me failing rows to show the CRM team: a seeded uniform sample of rejected records, as
// JSON Lines with their payloads. The same seed gives the same rows.
//   npx tsx examples/sample-failing.ts [bucket] [size] [seed]
import { demoClient, latestCompletedRun } from './demo-client.js';
import { runExample } from './example-errors.js';

const { client, args } = demoClient();
await runExample(import.meta.url, async () => {
  const run = await latestCompletedRun(client);
  const size = Number(args[0] ?? 5);
  const seed = args[1] ?? 'crm-review';

  for (const record of await client.sample(run, { size, outcome: 'rejected', seed })) {
    console.log(JSON.stringify({ identifier: record.identifier, status_message: record.statusMessage, record_payload: record.payload }));
  }
});
