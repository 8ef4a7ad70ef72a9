// One setting of the fast-path ablation (bench/fast-paths.mts) in a fresh process, so that the
// decode workers start with it: SYNCTRACK_FAST_PATHS is this process's environment. Runs each
// operation once to warm up, then `iterations` times, and prints one JSON line: per operation the
// answer and the times in ms. With `duckdb`, the process runs DuckDB's queries instead, so both are
// measured alike (DuckDB's threads running between synctrack's runs had slowed them).
//   SYNCTRACK_FAST_PATHS=-page-picks node bench/fast-paths-child.mjs <bench-run.json> <operations> <iterations> [duckdb]
import { readFileSync } from 'node:fs';
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { duckdbEngine, synctrackEngine } from './operations.mjs';

const [benchFile, operationList, iterationText, withDuckdb] = process.argv.slice(2);
const bench = JSON.parse(readFileSync(benchFile, 'utf8'));
const operations = operationList.split(',');
const iterations = Number(iterationText);

const engine = withDuckdb === 'duckdb' ? await duckdbEngine(bench) : synctrackEngine(bench);
if (withDuckdb === 'duckdb') {
  engine['filter-lines'] = engine.filter;
} else {
  // What the CLI's `filter --status rejected --columns identifier,statusMessage --json` asks: the
  // bench's whole-process filter. The lines are written where they are decoded.
  const lines = new SyncTrackingClient({ storage: createFsStorage({ root: bench.root }) });
  engine['filter-lines'] = async () => {
    let count = 0;
    for await (const batch of lines.filterJsonLines(bench.run, { status: 'rejected', columns: ['identifier', 'statusMessage'] })) {
      count += batch.count;
      batch.release();
    }
    return count;
  };
}

const out = {};
for (const operation of operations) {
  const run = engine[operation];
  if (run === undefined) throw new Error(`unknown operation ${operation}`);
  const answer = await run();
  const times = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  out[operation] = { answer, times };
}
engine.close?.();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
