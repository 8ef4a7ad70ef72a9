// Did the last run get worse? Compares the two newest runs of a sync: outcome counts, identifiers
// newly failing and fixed, the error templates that changed most, and a few of the records that
// started failing. With no sync given, the demo's Salesforce sync, whose newest run is still being
// written: its two newest complete runs.
//   npx tsx examples/compare-runs.ts [bucket] [org-id sync-id]
import { demoClient } from './demo-client.js';

const { client, args } = demoClient();
const [orgId = '4821', syncId = '120'] = args;
const runs = await client.listRuns({ orgId, syncId });
const newest = args.length === 0 ? runs.slice(1) : runs;
if (newest.length < 2) {
  console.error(`Sync ${syncId} of organization ${orgId} has fewer than two runs to compare.`);
  process.exit(2);
}
const [head, base] = [newest[0]!, newest[1]!];

const comparison = await client.compareRuns(base, head, { templates: true });
const signed = (change: number) => (change > 0 ? `+${change}` : String(change));
console.log(`run ${head.runId} against run ${base.runId}`);
for (const outcome of ['success', 'rejected', 'invalid'] as const) {
  const { base: was, head: is, change } = comparison.outcomes[outcome];
  console.log(`  ${outcome.padEnd(8)} ${String(was).padStart(8)} → ${String(is).padStart(8)}  (${signed(change)})`);
}
const { newlyFailing, fixed, stillFailing, added, removed } = comparison.identifiers;
console.log(`identifiers: ${newlyFailing} newly failing, ${fixed} fixed, ${stillFailing} still failing, ${added} added, ${removed} removed`);
console.log('error templates that changed most:');
for (const group of comparison.errors.slice(0, 5)) {
  console.log(`  ${signed(group.change).padStart(7)}  ${group.new ? 'NEW ' : '    '}${group.statusMessage}`);
}
console.log('newly failing:');
let shown = 0;
for await (const record of comparison.records('newlyFailing', { columns: ['identifier', 'statusMessage'] })) {
  console.log(`  ${record.identifier}  ${record.status}  ${record.statusMessage ?? ''}`);
  if (++shown === 5) break;
}
