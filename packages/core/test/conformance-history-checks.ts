// The conformance matrix's check of syncHistory: a run's line in its sync's history — counts by
// outcome, rejected rate, error templates and batch time spans — as DuckDB computes them on the
// same files. The matrix's runs of one writer share a sync, so each entry's call counts its own
// run and answers the runs before it from the client's cache.
import { expect } from 'vitest';
import type { SyncTrackingClient } from '../src/index.js';
import { messageTemplate } from '../src/internal.js';
import { OUTCOME_SQL } from './duckdb-fixtures.js';
import type { RunOracle } from './conformance-oracle.js';

export async function expectSyncHistoryAgrees(client: SyncTrackingClient, oracle: RunOracle): Promise<void> {
  const history = await client.syncHistory({ orgId: oracle.run.orgId, syncId: oracle.run.syncId }, { topErrors: 20 });
  const line = history.runs.find((trend) => trend.run.runId === oracle.run.runId);
  expect(line, 'the run is in its sync’s history').toBeDefined();
  expect.soft(line!.error, 'syncHistory error').toBeNull();
  const stats = line!.stats!;
  const byOutcome = await oracle.countBy(OUTCOME_SQL);
  const outcomes = { success: byOutcome.get('success') ?? 0, rejected: byOutcome.get('rejected') ?? 0, invalid: byOutcome.get('invalid') ?? 0 };
  const total = outcomes.success + outcomes.rejected + outcomes.invalid;
  expect.soft(stats.byOutcome, 'syncHistory byOutcome').toEqual(outcomes);
  expect.soft(stats.total, 'syncHistory total').toBe(total);
  expect.soft(stats.rejectedRate, 'syncHistory rejectedRate').toBe(total === 0 ? null : outcomes.rejected / total);
  const templates = new Map<string | null, { count: number; messages: number }>();
  for (const [message, count] of await oracle.countBy('status_message', `${OUTCOME_SQL} = 'rejected'`)) {
    const key = message === null ? null : messageTemplate(message);
    const entry = templates.get(key) ?? { count: 0, messages: 0 };
    templates.set(key, { count: entry.count + count, messages: entry.messages + 1 });
  }
  const order = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  const expected = [...templates].sort((a, b) => b[1].count - a[1].count || order(a[0], b[0])).slice(0, 20);
  expect.soft(stats.errorTemplates, 'syncHistory errorTemplates').toBe(templates.size);
  expect
    .soft(stats.topErrors.map(({ template, count, messages }) => ({ template, count, messages })), 'syncHistory topErrors')
    .toEqual(expected.map(([template, entry]) => ({ template, ...entry })));
  const summary = await client.summary(oracle.run);
  expect.soft([stats.batchStartedAt, stats.batchEndedAt], 'syncHistory time spans (as summary, itself held to DuckDB)').toEqual([summary.batchStartedAt, summary.batchEndedAt]);
}
