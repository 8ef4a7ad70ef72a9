// One setting of the fast-path ablation (bench/fast-paths.mts) in a fresh process, so that the
// decode workers start with it: SYNCTRACK_FAST_PATHS is this process's environment. Runs each
// operation once to warm up, then `iterations` times, and prints one JSON line: per operation the
// answer and the times in ms, and DuckDB's times when asked (in the same process, alternating).
//   SYNCTRACK_FAST_PATHS=-page-picks node bench/fast-paths-child.mjs <bench-run.json> <operations> <iterations> [duckdb]
import { readFileSync } from 'node:fs';
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { duckdbEngine, synctrackEngine } from './operations.mjs';

const [benchFile, operationList, iterationText, withDuckdb] = process.argv.slice(2);
const bench = JSON.parse(readFileSync(benchFile, 'utf8'));
const operations = operationList.split(',');
const iterations = Number(iterationText);

const synctrack = synctrackEngine(bench);
// What the CLI's `filter --status rejected --columns identifier,statusMessage --json` asks: the
// bench's whole-process filter. The lines are written where they are decoded.
const lines = new SyncTrackingClient({ storage: createFsStorage({ root: bench.root }) });
synctrack['filter-lines'] = async () => {
  let count = 0;
  for await (const batch of lines.filterJsonLines(bench.run, { status: 'rejected', columns: ['identifier', 'statusMessage'] })) {
    count += batch.count;
    batch.release();
  }
  return count;
};
const duckdb = withDuckdb === 'duckdb' ? await duckdbEngine(bench) : null;
if (duckdb !== null) duckdb['filter-lines'] = duckdb.filter;

const out = {};
for (const operation of operations) {
  const run = synctrack[operation];
  if (run === undefined) throw new Error(`unknown operation ${operation}`);
  const answer = await run();
  if (duckdb !== null) await duckdb[operation]();
  const times = [];
  const duckdbTimes = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    let started = performance.now();
    await run();
    times.push(performance.now() - started);
    if (duckdb !== null) {
      started = performance.now();
      await duckdb[operation]();
      duckdbTimes.push(performance.now() - started);
    }
  }
  out[operation] = { answer, times, ...(duckdb === null ? {} : { duckdbTimes }) };
}
duckdb?.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
