// How far the exhaustive suites go. `npm test` asks a share of the conformance matrix (every
// writer, every reader path; per entry one filter of each kind and a share of the rest), of the
// projection queries and of duckdb-compat's JSON Lines column sets, and fuzzes 150 mutants; CI runs
// them in full once per landing, with SYNCTRACK_TEST_DEPTH=full (all ~65 matrix entries with every
// filter, every query and column set, 2,000 mutants), and so can anyone locally.
// Full depth was most of the CPU time of a test run: a first `npm test` on a 2-core machine took
// 9 minutes with it.
export const FULL_DEPTH = process.env.SYNCTRACK_TEST_DEPTH === 'full';
