// syncHistory against DuckDB on the same files: a sync of many small runs written by DuckDB, each
// run's outcome counts, rejected rate, error templates and its link to the run before; the cache
// (in memory and on disk) answers a second time without reading a run, and never stale: a run whose
// file changes, a run added, a run removed are seen at once.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SyncTrackingClient, type RunIds, type SyncHistory } from '../src/index.js';
import { messageTemplate } from '../src/model/message-template.js';
import { fastPathDecisions } from '../src/parquet/fast-paths.js';
import { DuckDbBucket, OUTCOME_SQL, recordsSelect } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
let directory: string;
const sync = { orgId: 'org-h', syncId: 'sync-h' };
const RUNS = 24;

const runOf = (at: number): RunIds => ({ ...sync, runId: String(1000 + at) });
const startOf = (at: number) => new Date(Date.UTC(2024, 0, 1) + at * 86_400_000).toISOString();

/** Run `at`: a few hundred records; the rejection share moves from run to run; some files all succeeded. */
async function writeRun(at: number, variant = 0): Promise<void> {
  const run = runOf(at);
  const rejectEvery = 3 + ((at + variant) % 5);
  const status = `CASE WHEN i % ${rejectEvery} = 0 THEN 'rejected' WHEN i % 11 = 1 THEN NULL WHEN i % 13 = 2 THEN 'DUPLICATE' ELSE 'succeeded' END`;
  const message = `CASE WHEN i % ${rejectEvery} = 0 THEN (CASE i % 4 WHEN 0 THEN 'Invalid email address: user' || i || '@bad' WHEN 1 THEN 'Rate limit exceeded, retry after ' || (i % 7) || 's' WHEN 2 THEN NULL ELSE 'Field "phone" is required' END) END`;
  await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 300 + at * 7 + variant, columns: { status, status_message: message } }), { rowGroupSize: 128 });
  // A file whose every row succeeded: its row groups are counted from the footer's statistics.
  await bucket.copy(run, 'records_upserted.1.parquet', recordsSelect({ rows: 200, offset: 10_000, columns: { status: `'succeeded'`, status_message: 'NULL' } }), { rowGroupSize: 64 });
  await bucket.put(run, 'metadata.json', JSON.stringify({ sync_run_id: run.runId, sync_configuration_id: sync.syncId, run_started_at: startOf(at) }));
}

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  directory = await mkdtemp(join(tmpdir(), 'synctrack-history-'));
  for (let at = 0; at < RUNS; at++) await writeRun(at);
}, 120_000);

afterAll(async () => {
  await bucket?.close();
  await rm(directory, { recursive: true, force: true });
});

/** DuckDB's answer for one run: counts by outcome and rejected records by template. */
async function duckRun(run: RunIds) {
  const outcomes = await bucket.countBy(run, OUTCOME_SQL);
  const messages = await bucket.countBy(run, 'status_message', `${OUTCOME_SQL} = 'rejected'`);
  const templates = new Map<string | null, number>();
  for (const [message, count] of messages) {
    const template = message === null ? null : messageTemplate(message);
    templates.set(template, (templates.get(template) ?? 0) + count);
  }
  const total = [...outcomes.values()].reduce((sum, count) => sum + count, 0);
  return { outcomes, templates, total };
}

async function expectAgreesWithDuckDb(history: SyncHistory): Promise<void> {
  const listed = await bucket.client.listRuns(sync);
  expect(history.runs.map((entry) => entry.run.runId)).toEqual(listed.map((run) => run.runId));
  for (const [at, entry] of history.runs.entries()) {
    expect(entry.previousRunId).toBe(listed[at + 1]?.runId ?? null);
    const duck = await duckRun(entry.run);
    const stats = entry.stats!;
    expect(entry.error).toBeNull();
    expect(stats.total).toBe(duck.total);
    for (const outcome of ['success', 'rejected', 'invalid'] as const) expect(stats.byOutcome[outcome], outcome).toBe(duck.outcomes.get(outcome) ?? 0);
    expect(stats.rejectedRate).toBeCloseTo((duck.outcomes.get('rejected') ?? 0) / duck.total, 12);
    expect(stats.errorTemplates).toBe(duck.templates.size);
    const expectedTop = [...duck.templates].sort((a, b) => b[1] - a[1] || (a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : 1)).slice(0, 5);
    expect(stats.topErrors.map((group) => [group.template, group.count])).toEqual(expectedTop);
    // The same groups `errors` with templates gives.
    const errors = await bucket.client.errors(entry.run, { templates: true, examples: 0 });
    expect(stats.topErrors.map((group) => ({ template: group.template, count: group.count, messages: group.messages }))).toEqual(
      errors.slice(0, 5).map((group) => ({ template: group.statusMessage, count: group.count, messages: group.messages })),
    );
    const summary = await bucket.client.summary(entry.run);
    expect({ files: stats.files, bytes: stats.bytes, started: stats.batchStartedAt, ended: stats.batchEndedAt }).toEqual({
      files: summary.files,
      bytes: summary.bytes,
      started: summary.batchStartedAt,
      ended: summary.batchEndedAt,
    });
    const previous = history.runs[at + 1];
    if (previous !== undefined) expect(entry.rejectedRateChange).toBeCloseTo(stats.rejectedRate! - previous.stats!.rejectedRate!, 12);
    else expect(entry.rejectedRateChange).toBeNull();
  }
}

describe('syncHistory', { timeout: 120_000 }, () => {
  test('gives every run newest first, each as DuckDB counts it', async () => {
    const client = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool });
    const history = await client.syncHistory(sync);
    expect(history.runs).toHaveLength(RUNS);
    expect(history.cache).toEqual({ hits: 0, misses: RUNS });
    await expectAgreesWithDuckDb(history);
    // Asked again, every run comes from the cache, with the same answer.
    const again = await client.syncHistory(sync);
    expect(again.cache).toEqual({ hits: RUNS, misses: 0 });
    expect(again.runs).toEqual(history.runs);
    await client.close();
  });

  test('with limit: the newest runs, each linked to the run before it', async () => {
    const history = await bucket.client.syncHistory(sync, { limit: 3, topErrors: 1 });
    expect(history.runs.map((entry) => entry.run.runId)).toEqual([runOf(RUNS - 1), runOf(RUNS - 2), runOf(RUNS - 3)].map((run) => run.runId));
    expect(history.runs[2]!.previousRunId).toBe(runOf(RUNS - 4).runId);
    expect(history.runs[2]!.rejectedRateChange).not.toBeNull();
    expect(history.runs.every((entry) => entry.stats!.topErrors.length === 1)).toBe(true);
  });

  test('the cache is never stale: a changed file, a new run and a removed run are seen at once, in memory and on disk', async () => {
    const client = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory } });
    expect((await client.syncHistory(sync)).cache.misses).toBe(RUNS);
    // A fresh client (a new process) answers from the file beside the indexes.
    const fresh = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory } });
    expect((await fresh.syncHistory(sync)).cache).toEqual({ hits: RUNS, misses: 0 });
    await fresh.close();

    await writeRun(5, 1); // other counts, another size
    await writeRun(RUNS); // a new newest run
    await rm(await bucket.runFolder(runOf(0)), { recursive: true });
    const changed = await client.syncHistory(sync);
    expect(changed.cache).toEqual({ hits: RUNS - 2, misses: 2 });
    await expectAgreesWithDuckDb(changed);
    const reopened = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory } });
    const fromDisk = await reopened.syncHistory(sync);
    expect(fromDisk.cache).toEqual({ hits: RUNS, misses: 0 });
    expect(fromDisk.runs).toEqual(changed.runs);
    await reopened.close();
    await client.close();
    // A damaged cache file is recounted, never trusted.
    const [file] = await readdir(join(directory, 'sync-history'));
    const path = join(directory, 'sync-history', file!);
    const damaged = JSON.parse(await readFile(path, 'utf8'));
    for (const entry of Object.values(damaged.runs) as Array<{ stats: { total: unknown } }>) entry.stats.total = 'many';
    await writeFile(path, JSON.stringify(damaged));
    const afterDamage = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory } });
    const recounted = await afterDamage.syncHistory(sync);
    expect(recounted.cache).toEqual({ hits: 0, misses: RUNS });
    expect(recounted.runs).toEqual(changed.runs);
    await writeFile(path, '{"format": "synctrack-sync-his');
    expect((await afterDamage.syncHistory(sync)).cache.hits).toBe(RUNS); // from memory
    await afterDamage.close();
  });

  test('answers the same with the footer statistics left unused (every row group decoded)', async () => {
    const asked = fastPathDecisions()['footer-statistics'].on;
    const first = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool });
    const withStatistics = await first.syncHistory(sync);
    expect(fastPathDecisions()['footer-statistics'].on).toBeGreaterThan(asked);
    process.env.SYNCTRACK_FAST_PATHS = '-footer-statistics';
    const second = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool });
    try {
      const decoded = await second.syncHistory(sync);
      expect(decoded.runs).toEqual(withStatistics.runs);
    } finally {
      delete process.env.SYNCTRACK_FAST_PATHS;
      await first.close();
      await second.close();
    }
  });

  test('marks the runs still being written as listRuns does (files that just landed: the newest run)', async () => {
    const history = await bucket.client.syncHistory(sync);
    const listed = await bucket.client.listRuns(sync);
    expect(history.runs.map((trend) => [trend.run.runId, trend.run.inProgress])).toEqual(listed.map((run) => [run.runId, run.inProgress]));
    expect(history.runs[0]!.run.inProgress).toBe(true);
  });

  test('checks its options', async () => {
    await expect(bucket.client.syncHistory(sync, { topErrors: 21 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(bucket.client.syncHistory(sync, { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(bucket.client.syncHistory(sync, { top: 3 } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await bucket.client.syncHistory({ orgId: 'org-h', syncId: 'nothing' })).runs).toEqual([]);
  });
});
