// Page me when the rejection rate jumps: the newest complete run of a sync checked against rules
// kept in code, as a scheduler or a CI step would. Exits 8 when a rule is broken, as
// `synctrack check` does, so a cron job or a pipeline step can act on it.
//   npx tsx examples/check-run.ts [bucket] [org-id sync-id]
import type { CheckRules } from '@synctrack/core';
import { demoClient } from './demo-client.js';

const { client, args } = demoClient();
const [orgId = '4821', syncId = '120'] = args;
const runs = await client.listRuns({ orgId, syncId });
// A run still being written is checked once it is complete (see `synctrack check --wait-complete`).
const newest = runs.find((run) => run.inProgress !== true);
if (newest === undefined) {
  console.error(`Sync ${syncId} of organization ${orgId} has no complete run to check.`);
  process.exit(3);
}

const rules: CheckRules = {
  maxRejectedRate: 25, // percent of the run's records
  maxRejectedRateIncrease: 5, // percentage points over the run before
  maxNewErrors: 0, // error templates the run before did not have
  minRecords: 1,
};
const result = await client.check(newest, rules, { templates: true });
console.log(`run ${newest.runId} against ${result.previousRun?.run.ids?.runId === undefined ? 'no previous run' : `run ${result.previousRun.run.ids.runId}`}`);
for (const rule of result.rules) console.log(`  ${rule.ok ? 'ok    ' : 'BROKEN'}  ${rule.rule}: ${rule.message}`);
console.log(result.ok ? 'every rule holds' : 'a rule is broken');
await client.close();
process.exit(result.ok ? 0 : 8);
