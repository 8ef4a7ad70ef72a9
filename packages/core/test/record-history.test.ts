// recordHistory against DuckDB on the same files: every appearance of some identifiers across a
// sync's runs, oldest run first and in run order within a run (duplicates included), with the
// payload fields changed since the previous appearance; the same through the local index; streamed.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SyncTrackingClient, type RecordAppearance, type RunIds } from '../src/index.js';
import { DuckDbBucket, collect, recordsSelect, sqlString } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
let directory: string;
const sync = { orgId: 'org-r', syncId: 'sync-r' };
const RUNS = 6;
const runOf = (at: number): RunIds => ({ ...sync, runId: `r${at}` });

/** Run `at`: customers 0..49 (fewer in later runs), 0..9 twice in early runs; emails of every fifth change in run 3, a field is added in run 4. */
function runSelect(at: number, rows: number, offset = 0): string {
  const key = `(i % 50)`;
  const email = `CASE WHEN ${at} >= 3 AND ${key} % 5 = 0 THEN 'new' ELSE 'old' END || ${key} || '@example.com'`;
  const fields = [`'name', 'Customer ' || ${key}`, `'email', ${email}`, `'score', ${key} * 2 + CASE WHEN ${at} = 2 AND ${key} = 7 THEN 1 ELSE 0 END`];
  if (at >= 4) fields.push(`'tier', 'gold'`);
  return recordsSelect({
    rows,
    offset,
    columns: {
      identifier: `'cust-' || ${key}`,
      record_payload: `CAST(json_object(${fields.join(', ')}) AS VARCHAR)`,
      status: `CASE WHEN (${key} + ${at}) % 4 = 0 THEN 'rejected' ELSE 'succeeded' END`,
      status_message: `CASE WHEN (${key} + ${at}) % 4 = 0 THEN 'Invalid email address' END`,
    },
  });
}

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  directory = await mkdtemp(join(tmpdir(), 'synctrack-record-history-'));
  for (let at = 0; at < RUNS; at++) {
    const run = runOf(at);
    const rows = at < 2 ? 60 : 50 - at * 3;
    await bucket.copy(run, 'records_updated.0.parquet', runSelect(at, rows), { rowGroupSize: 16 });
    if (at === 1) await bucket.copy(run, 'records_updated.1.parquet', runSelect(at, 5, 20), {});
    const startedAt = new Date(Date.UTC(2024, 5, 1 + at)).toISOString();
    await bucket.put(run, 'metadata.json', JSON.stringify({ sync_run_id: run.runId, run_started_at: startedAt }));
  }
}, 60_000);

afterAll(async () => {
  await bucket?.close();
  await rm(directory, { recursive: true, force: true });
});

const IDENTIFIERS = ['cust-5', 'cust-7', 'cust-45', 'cust-3', 'nobody'];

/** DuckDB's appearances: each run's rows with these identifiers, oldest run first, in file and row order. */
async function duckAppearances(identifiers: string[]) {
  const rows: Array<{ runId: string; identifier: string; status: string | null; statusMessage: string | null; payload: Record<string, unknown> }> = [];
  for (let at = 0; at < RUNS; at++) {
    const run = runOf(at);
    const found = await bucket.query<{ identifier: string; status: string | null; status_message: string | null; record_payload: string }>(
      `SELECT identifier, status, status_message, record_payload FROM ${await bucket.records(run)}
       WHERE identifier IN (${identifiers.map(sqlString).join(', ')}) ORDER BY file, row_index`,
    );
    for (const row of found) rows.push({ runId: run.runId, identifier: row.identifier, status: row.status, statusMessage: row.status_message, payload: JSON.parse(row.record_payload) });
  }
  return rows;
}

/** Fields of `current` not equal in `previous`, then those `current` lost (payloads here are flat). */
function expectedChanges(previous: Record<string, unknown> | undefined, current: Record<string, unknown>): string[] {
  if (previous === undefined) return [];
  const changed = Object.keys(current).filter((key) => !(key in previous) || previous[key] !== current[key]);
  return [...changed, ...Object.keys(previous).filter((key) => !(key in current))];
}

function shape(appearances: RecordAppearance[]) {
  return appearances.map((item) => ({
    runId: item.run.runId,
    identifier: item.identifier,
    status: item.record.status,
    statusMessage: item.record.statusMessage,
    payload: item.record.payload,
    changedFields: item.changedFields,
  }));
}

describe('recordHistory', { timeout: 60_000 }, () => {
  test('gives every appearance oldest run first, with the fields changed since the previous one, as DuckDB reads them', async () => {
    const duck = await duckAppearances(IDENTIFIERS);
    const last = new Map<string, Record<string, unknown>>();
    const expected = duck.map((row) => {
      const changedFields = expectedChanges(last.get(row.identifier), row.payload);
      last.set(row.identifier, row.payload);
      return { ...row, changedFields };
    });
    const appearances = await collect(bucket.client.recordHistory(sync, IDENTIFIERS));
    expect(shape(appearances)).toEqual(expected);
    // What the data was made to hold: cust-5's email changes in run 3 and its tier comes in run 4.
    const five = appearances.filter((item) => item.identifier === 'cust-5');
    expect(five.map((item) => [item.run.runId, item.previousRunId, item.changedFields])).toEqual([
      ['r0', null, []],
      ['r0', 'r0', []],
      ['r1', 'r0', []],
      ['r1', 'r1', []],
      ['r2', 'r1', []],
      ['r3', 'r2', ['email']],
      ['r4', 'r3', ['tier']],
      ['r5', 'r4', []],
    ]);
    expect(appearances.find((item) => item.identifier === 'cust-7' && item.run.runId === 'r2')?.changedFields).toEqual(['score']);
    expect(appearances.find((item) => item.identifier === 'cust-7' && item.run.runId === 'r3')?.changedFields).toEqual(['score']);
    expect(appearances.filter((item) => item.identifier === 'cust-45').map((item) => item.run.runId)).toEqual(['r0', 'r1']);
    expect(appearances[0]!.run.startedAt).toEqual(new Date(Date.UTC(2024, 5, 1)));
  });

  test('answers the same through the local index', async () => {
    const indexed = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory } });
    const expected = shape(await collect(bucket.client.recordHistory(sync, IDENTIFIERS)));
    expect(shape(await collect(indexed.recordHistory(sync, IDENTIFIERS)))).toEqual(expected);
    expect(shape(await collect(bucket.client.recordHistory(sync, IDENTIFIERS, { index: true })))).toEqual(expected);
    await indexed.close();
  });

  test("with index 'existing', uses the indexes there are and builds none", async () => {
    const only = await mkdtemp(join(tmpdir(), 'synctrack-record-history-existing-'));
    try {
      const client = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory: only } });
      await client.buildIndex(runOf(2));
      const expected = shape(await collect(bucket.client.recordHistory(sync, IDENTIFIERS)));
      expect(shape(await collect(client.recordHistory(sync, IDENTIFIERS, { index: 'existing' })))).toEqual(expected);
      expect((await readdir(only)).filter((name) => name.endsWith('.stindex'))).toHaveLength(1);
      await expect(collect(client.recordHistory(sync, IDENTIFIERS, { index: 'all' as never }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await client.close();
    } finally {
      await rm(only, { recursive: true, force: true });
    }
  });

  test('only the runs started within runsStartedFrom and runsStartedBefore', async () => {
    const all = await collect(bucket.client.recordHistory(sync, ['cust-5']));
    const window = await collect(
      bucket.client.recordHistory(sync, ['cust-5'], { runsStartedFrom: new Date(Date.UTC(2024, 5, 3)), runsStartedBefore: new Date(Date.UTC(2024, 5, 5)) }),
    );
    expect(shape(window)).toEqual(shape(all.filter((item) => item.run.runId === 'r2' || item.run.runId === 'r3')));
    // The first appearance in the window has nothing before it.
    expect(window[0]).toMatchObject({ previousRunId: null, changedFields: [] });
    await expect(collect(bucket.client.recordHistory(sync, ['cust-5'], { runsStartedFrom: new Date('nope') }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('streams: a caller that stops after the first appearance stops the looking', async () => {
    const runsLookedIn: number[] = [];
    for await (const appearance of bucket.client.recordHistory(sync, ['cust-3'], { onRun: (done) => runsLookedIn.push(done) })) {
      expect(appearance.run.runId).toBe('r0');
      break;
    }
    expect(runsLookedIn).toEqual([]);
    expect(await collect(bucket.client.recordHistory(sync, []))).toEqual([]);
    // A signal ends it, the looks ahead included.
    const abort = new AbortController();
    const reading = (async () => {
      for await (const _ of bucket.client.recordHistory(sync, ['cust-3'], { signal: abort.signal })) abort.abort();
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await collect(bucket.client.recordHistory({ orgId: 'org-r', syncId: 'none' }, ['cust-3']))).toEqual([]);
    await expect(collect(bucket.client.recordHistory(sync, ['cust-3'], { limit: 1 } as never))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
