// Which records were rejected, and why? Streams the rejected records of a run whose message
// matches a pattern, reading only the fields it prints.
//   npx tsx examples/filter-rejected.ts [bucket] [message-regex]
import { demoClient, latestCompletedRun } from './demo-client.js';
import { runExample } from './example-errors.js';

const { client, args } = demoClient();
await runExample(import.meta.url, async () => {
  const run = await latestCompletedRun(client);
  const pattern = new RegExp(args[0] ?? 'EMAIL', 'i');

  let count = 0;
  for await (const record of client.filter(run, {
    outcome: 'rejected',
    statusMessage: pattern,
    columns: ['identifier', 'statusMessage', 'batchStartedAt'],
  })) {
    if (count < 10) console.log(`${record.identifier}\t${record.batchStartedAt?.toISOString()}\t${record.statusMessage}`);
    count++;
  }
  console.log(`${count} rejected records in run ${run.runId} match ${pattern}`);
});
