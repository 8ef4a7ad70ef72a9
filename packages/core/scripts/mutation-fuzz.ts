// The mutation fuzz at length: `npx tsx packages/core/scripts/mutation-fuzz.ts --seed 1 --count 100000`
// (options: --seed N, --count N, --first N to start at mutant N, --children N, --timeout MS,
// --all-operations to run all seven on each mutant rather than one in turn, --failures FILE to
// write each failure's reproducer, --report FILE to keep the table so far there, rewritten every
// 5,000 mutants). Prints the table of outcomes per mutation
// kind and operation (see test/fuzz/fuzz-runner.ts); exits 1 when any operation broke the contract.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatFailure, formatReport, runFuzz, type FuzzReport } from '../test/fuzz/fuzz-runner.js';
import { fuzzSeeds } from '../test/fuzz/fuzz-seeds.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '100000' },
    first: { type: 'string', default: '0' },
    children: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '10000' },
    failures: { type: 'string' },
    report: { type: 'string' },
    'all-operations': { type: 'boolean', default: false },
  },
});
const number = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};

const seed = number('seed');
const count = number('count');
const first = number('first');
const seeds = await fuzzSeeds();
const began = performance.now();
let report: FuzzReport = { seed, first, count: 0, seeds: seeds.map((file) => file.name), results: [], failures: [], elapsedMs: 0 };
// In parts, so that a long run's table so far is on disk (--report) while it goes on.
for (let part = first; part < first + count; part += 5000) {
  const partCount = Math.min(5000, first + count - part);
  const partReport = await runFuzz(
    {
      seed,
      count: partCount,
      first: part,
      children: Math.max(1, number('children')),
      timeoutMs: number('timeout'),
      allOperations: values['all-operations'],
    },
    seeds,
  );
  report = {
    ...report,
    count: report.count + partCount,
    results: [...report.results, ...partReport.results],
    failures: [...report.failures, ...partReport.failures],
    elapsedMs: performance.now() - began,
  };
  process.stderr.write(`${report.count}/${count} mutants, ${report.failures.length} failures, ${(report.elapsedMs / 1000).toFixed(0)} s\n`);
  if (values.report !== undefined) await writeFile(values.report, `${formatReport(report)}\n${report.failures.map(formatFailure).join('\n')}\n`);
}
console.log(formatReport(report));
const reproducers = report.failures.map(formatFailure);
for (const line of reproducers.slice(0, 50)) console.log(line);
if (values.failures !== undefined) await writeFile(values.failures, `${reproducers.join('\n')}\n`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
