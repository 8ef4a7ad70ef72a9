#!/usr/bin/env node
// `npm run demo`: builds the demo bucket (or reuses it) and walks through the main job on it.
import { dirname, relative } from 'node:path';
import { SyncTrackError } from '@synctrack/core';
import { buildDemoBucket } from './build-demo-bucket.js';
import { runMainJob } from './main-job.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const dir = args.find((arg) => !arg.startsWith('--')) ?? './demo-bucket';
  const started = performance.now();
  const bucket = await buildDemoBucket({
    dir,
    force,
    onProgress: (event) => {
      if (process.stderr.isTTY) process.stderr.write(`\r  writing run ${event.done}/${event.total}…`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const organizations = new Set(bucket.runs.map((run) => run.orgId)).size;
  const syncs = new Set(bucket.runs.map((run) => `${run.orgId}/${run.syncId}`)).size;
  console.log(
    `${bucket.built ? 'Built' : 'Reusing'} the demo bucket at ${bucket.dir}: ${organizations} organizations, ${syncs} syncs, ` +
      `${bucket.runs.length} runs, ${bucket.records.toLocaleString('en-US')} records, ${(bucket.bytes / 1e6).toFixed(1)} MB` +
      (bucket.built ? ` in ${seconds} s` : ' (pass --force to rebuild)'),
  );
  const { storyIdentifier } = await runMainJob({ dir: bucket.dir, write: (line) => console.log(line) });
  const latest = bucket.runs.find((run) => run.orgId === '4821' && run.syncId === '120' && !run.inProgress && run.runId.endsWith('4'));
  const runPath = latest ? relative(process.cwd(), latest.location) || '.' : dir;
  const syncPath = latest ? relative(process.cwd(), dirname(latest.location)) || '.' : dir;
  console.log('Next, the same questions from the command line:');
  for (const command of [
    `npx synctrack runs ${relative(process.cwd(), bucket.dir) || '.'} --org 4821`,
    `npx synctrack summary ${runPath}`,
    `npx synctrack diff ${runPath} --templates`,
    `npx synctrack diff ${runPath} --list newly-failing --json > started-failing.jsonl`,
    `npx synctrack history ${syncPath} ${storyIdentifier ?? '1008196'}`,
    `npx synctrack errors ${runPath} --templates`,
    `npx synctrack filter ${runPath} --status rejected --message EMAIL --limit 5`,
    `npx synctrack sample ${runPath} --size 100 --status rejected --seed 1 --json > failing.jsonl`,
    `npx synctrack ui ${relative(process.cwd(), bucket.dir) || '.'}`,
  ]) {
    console.log(`  ${command}`);
  }
  console.log('and the SDK: examples/*.ts (npx tsx examples/find-customer.ts).');
}

main().catch((error: unknown) => {
  if (SyncTrackError.isInstance(error)) {
    console.error(`synctrack-demo: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
