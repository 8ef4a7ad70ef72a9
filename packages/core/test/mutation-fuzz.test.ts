// The seeded mutation fuzz: 150 mutants in `npm test`, 2,000 at full depth (CI, see
// support/test-depth.ts), of small valid runs from several writers (flipped, zeroed and
// duplicated bytes in page headers, data pages and footers, and truncations),
// each through one of summary, errors, filter, find, sample, filterJsonLines and an index build
// with an indexed find, in child processes. Every operation must complete or throw a typed
// INVALID_DATA naming the file, within 10 s and 1 GB: no untyped error, no crash, no hang.
// FUZZ_SEED and FUZZ_MUTANTS change the seed and count; `packages/core/scripts/mutation-fuzz.ts`
// runs 100,000 and prints the table. On this 2-core machine 2,000 took 41-55 s (a mutant
// that fails parquet-wasm costs a fresh decode worker, 0.25-0.9 s).
import { expect, test } from 'vitest';
import { formatFailure, formatReport, runFuzz } from './fuzz/fuzz-runner.js';
import { fuzzSeeds, type FuzzSeed } from './fuzz/fuzz-seeds.js';
import { FULL_DEPTH } from './support/test-depth.js';

const seed = Number(process.env.FUZZ_SEED ?? 20_261_206);
const count = Number(process.env.FUZZ_MUTANTS ?? (FULL_DEPTH ? 2000 : 150));

/** The valid files the mutants are made from, written once for every test here. */
let written: Promise<FuzzSeed[]> | undefined;
const seedFiles = () => (written ??= fuzzSeeds());

test(`${count} mutants (seed ${seed}): every operation completes or throws INVALID_DATA naming the file`, { timeout: 15 * 60_000 }, async () => {
  const report = await runFuzz({ seed, count }, await seedFiles());
  // Every mutation kind reached every region, and the operations both completed and failed.
  expect(new Set(report.results.map((result) => `${result.mutant.kind} ${result.mutant.region}`)).size).toBe(12);
  expect(report.results.some((result) => result.outcome === 'completed')).toBe(true);
  expect(report.results.some((result) => result.outcome === 'typed')).toBe(true);
  expect(report.failures.map(formatFailure), formatReport(report)).toEqual([]);
});

/**
 * Mutants that once failed, every operation on each: seed 1 mutant 13430 (a page header field of the
 * wrong Thrift type, once an untyped BigInt error), mutant 35691 (two flipped bytes of a zstd page
 * header that sent parquet-wasm into a loop that never yields: filter hung until the pool's task
 * clock, task-deadline.ts, ended the worker) and mutant 71958 (a zeroed byte of a DELTA payload
 * page header: parquet-wasm read fewer rows than the row group holds, without an error, and find
 * failed INTERNAL looking a row up past them).
 */
test.each([13_430, 35_691, 71_958])('seed 1 mutant %i: every operation completes or throws INVALID_DATA in time', { timeout: 5 * 60_000 }, async (first) => {
  const report = await runFuzz({ seed: 1, first, count: 1, allOperations: true }, await seedFiles());
  expect(report.results).toHaveLength(7);
  expect(report.failures.map(formatFailure), formatReport(report)).toEqual([]);
});
