// The seeded mutation fuzz, at CI size: 2,000 mutants of small valid runs from several writers
// (flipped, zeroed and duplicated bytes in page headers, data pages and footers, and truncations),
// each through one of summary, errors, filter, find, sample, filterJsonLines and an index build
// with an indexed find, in child processes. Every operation must complete or throw a typed
// INVALID_DATA naming the file, within 10 s and 1 GB: no untyped error, no crash, no hang.
// FUZZ_SEED and FUZZ_MUTANTS change the seed and count; `packages/core/scripts/mutation-fuzz.ts`
// runs 100,000 and prints the table. On this 2-core machine 2,000 took 41-55 s (a mutant
// that fails parquet-wasm costs a fresh decode worker, 0.25-0.9 s).
import { expect, test } from 'vitest';
import { formatFailure, formatReport, runFuzz } from './fuzz/fuzz-runner.js';

const seed = Number(process.env.FUZZ_SEED ?? 20_261_206);
const count = Number(process.env.FUZZ_MUTANTS ?? 2000);

test(`${count} mutants (seed ${seed}): every operation completes or throws INVALID_DATA naming the file`, { timeout: 15 * 60_000 }, async () => {
  const report = await runFuzz({ seed, count });
  // Every mutation kind reached every region, and the operations both completed and failed.
  expect(new Set(report.results.map((result) => `${result.mutant.kind} ${result.mutant.region}`)).size).toBe(12);
  expect(report.results.some((result) => result.outcome === 'completed')).toBe(true);
  expect(report.results.some((result) => result.outcome === 'typed')).toBe(true);
  expect(report.failures.map(formatFailure), formatReport(report)).toEqual([]);
});
