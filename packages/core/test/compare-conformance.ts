// The conformance matrix's check of compareRuns, on every writer, codec and encoding the matrix
// writes: a run compared with itself, against DuckDB on the same files. Its outcome counts, its
// failing identifiers (still failing, none newly failing or fixed, none added or removed), every
// message's count on both sides, and the records of the failing identifiers, row for row: the
// identifier entries are packed from each kind of identifier chunk (PLAIN, dictionary, DELTA,
// integers, through parquet-wasm where the JavaScript decoder does not read it).
import { expect } from 'vitest';
import type { SyncTrackingClient } from '../src/index.js';
import { OUTCOME_SQL, byPosition, collect } from './duckdb-fixtures.js';
import { oracleRow, rowDifferences, type RunOracle } from './conformance-oracle.js';

export async function expectCompareRunsAgrees(client: SyncTrackingClient, oracle: RunOracle): Promise<void> {
  const comparison = await client.compareRuns(oracle.run, oracle.run);
  const byOutcome = await oracle.countBy(OUTCOME_SQL);
  const outcomes = { success: byOutcome.get('success') ?? 0, rejected: byOutcome.get('rejected') ?? 0, invalid: byOutcome.get('invalid') ?? 0 };
  expect.soft(comparison.head.byOutcome, 'compareRuns byOutcome').toEqual(outcomes);
  const table = await oracle.tableName();
  const [failing] = await oracle.bucket.query<{ count: number }>(
    `SELECT CAST(count(DISTINCT identifier) AS INTEGER) AS count FROM ${table} WHERE identifier IS NOT NULL AND outcome <> 'success'`,
  );
  expect.soft(comparison.identifiers, 'compareRuns identifiers').toEqual({ newlyFailing: 0, fixed: 0, stillFailing: failing!.count, added: 0, removed: 0 });
  const messages = await oracle.countBy('status_message', `${OUTCOME_SQL} = 'rejected'`);
  expect
    .soft(new Map(comparison.errors.map((group) => [group.statusMessage, [group.base, group.head, group.new]])), 'compareRuns errors')
    .toEqual(new Map([...messages].map(([message, count]) => [message, [count, count, false]])));
  const listed = byPosition((await collect(comparison.records('stillFailing'))).map(oracleRow));
  const expected = await oracle.rows(`identifier IN (SELECT identifier FROM ${table} WHERE identifier IS NOT NULL AND outcome <> 'success')`);
  const differences = rowDifferences(listed, expected);
  expect.soft(differences === '' ? 'agrees' : differences, 'compareRuns records(stillFailing)').toBe('agrees');
}
