// One operation in a fresh process, for whole-process timings and peak RSS:
//   node --require bench/report-rss.cjs bench/child.mjs <synctrack|duckdb> <operation> <bench-run.json>
import { readFileSync } from 'node:fs';
import { duckdbEngine, synctrackEngine } from './operations.mjs';

const [engineName, operation, benchFile] = process.argv.slice(2);
const bench = JSON.parse(readFileSync(benchFile, 'utf8'));
const engine = engineName === 'duckdb' ? await duckdbEngine(bench) : synctrackEngine(bench);
const result = await engine[operation]();
engine.close?.();
process.stdout.write(`${JSON.stringify({ result })}\n`);
process.exit(0);
