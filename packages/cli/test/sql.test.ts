// `synctrack sql`: DuckDB's answers over `records`, `runs`, `errors_by_message` and the fact tables
// compared with the SDK's on the same buckets (the fixture bucket and a small demo bucket with a
// legacy run, a run in progress and fact tables), streaming output formats, an empty bucket, and the
// one-line error when @duckdb/node-api cannot be imported.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, SyncTrackingClient, type RunInfo } from '@synctrack/core';
import { buildDemoBucket } from '@synctrack/demo';
import { createFsStorage } from '@synctrack/storage-fs';
import { loadDuckDb } from '../src/sql/duckdb-module.js';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';
import {
  ERROR_GROUPS_QUERY,
  OUTCOME_COUNTS_QUERY,
  RECORD_ROWS_QUERY,
  RUN_ROWS_QUERY,
  allRuns,
  errorGroups,
  factRows,
  outcomeCounts,
  recordRows,
  runRows,
  sorted,
} from './sql-sdk-answers.js';

let fixture: FixtureBucket;
let demoDir: string;
let emptyDir: string;
let demo: SyncTrackingClient;

beforeAll(async () => {
  fixture = await writeFixtureBucket();
  demoDir = await mkdtemp(join(tmpdir(), 'synctrack-sql-demo-'));
  await buildDemoBucket({ dir: demoDir, scale: 0.01 });
  demo = new SyncTrackingClient({ storage: createFsStorage({ root: demoDir }) });
  emptyDir = await mkdtemp(join(tmpdir(), 'synctrack-sql-empty-'));
  // A run folder holding only metadata.json: no Parquet file anywhere.
  await mkdir(join(emptyDir, 'sync_tracking_datasets', '1', '2', '3'), { recursive: true });
  await writeFile(join(emptyDir, 'sync_tracking_datasets', '1', '2', '3', 'metadata.json'), '{"sync_run_id": 3}\n');
}, 120_000);

afterAll(async () => {
  await demo?.close();
  await fixture?.remove();
  await rm(demoDir, { recursive: true, force: true });
  await rm(emptyDir, { recursive: true, force: true });
});

async function sqlJson(query: string, location: string, ...flags: string[]): Promise<Array<Record<string, unknown>>> {
  const result = await synctrack(['sql', query, location, '--json', ...flags]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return jsonLines(result.stdout) as Array<Record<string, unknown>>;
}

describe('synctrack sql: records', () => {
  it('every record of the fixture bucket, column by column, as the SDK reads it', async () => {
    const client = new SyncTrackingClient({ storage: createFsStorage({ root: fixture.dir }) });
    const expected = await recordRows(client);
    await client.close();
    const rows = await sqlJson(RECORD_ROWS_QUERY, fixture.dir);
    expect(rows).toHaveLength(17);
    expect(sorted(rows)).toEqual(sorted(expected));
  });

  it('counts by run and outcome in the demo bucket match each run’s summary (legacy and in-progress runs included)', async () => {
    const expected = await outcomeCounts(demo);
    expect(expected.length).toBeGreaterThan(10);
    expect(sorted(await sqlJson(OUTCOME_COUNTS_QUERY, demoDir))).toEqual(sorted(expected));
  });

  it('holds every generation of files: the 2025 columns where written, the legacy id where not, NULL otherwise', async () => {
    const [row] = await sqlJson(
      `SELECT count(*) FILTER (WHERE census_sync_tracking_internal_id IS NOT NULL) AS legacy,
              count(*) FILTER (WHERE sync_run_id IS NOT NULL) AS current,
              count(*) FILTER (WHERE sync_run_id = run_id AND sync_configuration_id = sync_id) AS consistent,
              count(*) FILTER (WHERE batch_number IS NULL) AS unnumbered,
              count(*) AS total FROM records`,
      demoDir,
    );
    expect(row!.legacy).toBeGreaterThan(0);
    expect(row!.unnumbered).toBe(row!.legacy);
    expect(row!.current).toBe(Number(row!.total) - Number(row!.legacy));
    expect(row!.consistent).toBe(row!.current);
  });

  it('--org and --sync, or an organization or sync folder, narrow the records read', async () => {
    const [{ orgId, syncId }] = (await allRuns(demo)) as [RunInfo];
    const total = async (...args: string[]) => (await sqlJson('SELECT count(*) AS n, count(DISTINCT sync_id) AS syncs FROM records', ...args))[0];
    const bySync = await total(demoDir, '--org', orgId, '--sync', syncId);
    expect(await total(join(demoDir, 'sync_tracking_datasets', orgId, syncId))).toEqual(bySync);
    let expected = 0;
    for (const run of await demo.listRuns({ orgId, syncId })) expected += (await demo.summary(run)).total;
    expect(bySync).toEqual({ n: expected, syncs: 1 });
    const mismatch = await synctrack(['sql', 'SELECT 1', join(demoDir, 'sync_tracking_datasets', orgId), '--org', 'other']);
    expect(mismatch.exitCode).toBe(2);
  });
});

describe('synctrack sql: errors, runs and fact tables', () => {
  it('errors_by_message gives each run’s error groups as client.errors does', async () => {
    const expected = await errorGroups(demo);
    expect(expected.length).toBeGreaterThan(5);
    expect(sorted(await sqlJson(ERROR_GROUPS_QUERY, demoDir))).toEqual(sorted(expected));
  });

  it('runs holds one row per run with the metadata as the SDK normalises it, and which runs are in progress', async () => {
    expect(sorted(await sqlJson(RUN_ROWS_QUERY, demoDir))).toEqual(sorted(await runRows(demo)));
    const flags = await sqlJson('SELECT run_id, in_progress, metadata_error FROM runs', demoDir);
    const expected = (await allRuns(demo)).map((run) => ({ run_id: run.runId, in_progress: run.inProgress ?? false, metadata_error: null }));
    expect(flags.some((row) => row.in_progress === true)).toBe(true);
    expect(sorted(flags)).toEqual(sorted(expected));
  });

  it('the fact tables hold every organization’s rows as client.factTables reads them, and join to runs', async () => {
    const expected = await factRows(demo);
    for (const [table, rows] of Object.entries(expected)) {
      expect(rows.length).toBeGreaterThan(0);
      expect(sorted(await sqlJson(`SELECT * FROM ${table}`, demoDir))).toEqual(sorted(rows));
    }
    const joined = await sqlJson(
      `SELECT count(*) AS n FROM runs r JOIN destinations d ON d.org_id = r.org_id AND d.id = r.destination_id`,
      demoDir,
    );
    expect(joined[0]!.n).toBe((await allRuns(demo)).length);
  });
});

describe('synctrack sql: output and edge cases', () => {
  it('prints a table for people, CSV with --csv, and BIGINT, timestamps, lists and structs sensibly', async () => {
    const query = `SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small, TIMESTAMPTZ '2026-03-01 10:00:00+00' AS at,
      [1, 2] AS list, {'a': 'x'} AS struct, NULL AS nothing, '' AS empty`;
    const json = await sqlJson(query, fixture.dir);
    expect(json).toEqual([{ big: '9007199254740993', small: 42, at: '2026-03-01T10:00:00.000Z', list: [1, 2], struct: { a: 'x' }, nothing: null, empty: '' }]);
    const csv = await synctrack(['sql', query, fixture.dir, '--csv']);
    expect(csv.stdout).toBe('big,small,at,list,struct,nothing,empty\n9007199254740993,42,2026-03-01T10:00:00.000Z,"[1,2]","{""a"":""x""}",,\n');
    const table = await synctrack(['sql', "SELECT outcome, count(*) AS n FROM records GROUP BY 1 ORDER BY 1", fixture.dir]);
    expect(table.stdout).toBe(['outcome   n', 'invalid   6', 'rejected  5', 'success   6', '(3 rows)', ''].join('\n'));
  });

  it('streams a result larger than one chunk, every row once', async () => {
    const rows = await sqlJson('SELECT range AS i FROM range(5000)', fixture.dir);
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toEqual({ i: 4999 });
  });

  it('a bucket without Parquet files has an empty records view of the same columns; metadata.json stays out', async () => {
    expect(await sqlJson('SELECT count(*) AS n FROM records', emptyDir)).toEqual([{ n: 0 }]);
    const columns = await sqlJson('SELECT column_name, column_type FROM (DESCRIBE records)', emptyDir);
    const full = await sqlJson('SELECT column_name, column_type FROM (DESCRIBE records)', fixture.dir);
    expect(columns).toEqual(full);
    expect(await sqlJson('SELECT run_id, sync_run_id FROM runs', emptyDir)).toEqual([{ run_id: '3', sync_run_id: '3' }]);
    expect(await sqlJson("SELECT count(*) AS n FROM records WHERE file LIKE '%.json'", fixture.dir)).toEqual([{ n: 0 }]);
  });

  it('builds runs and the fact tables only for a query that names them', async () => {
    expect(await sqlJson('SELECT table_name FROM duckdb_tables() ORDER BY 1', demoDir)).toEqual([]);
    expect(await sqlJson('SELECT table_name FROM duckdb_tables() ORDER BY 1 -- runs, destinations', demoDir)).toEqual([
      { table_name: 'destinations' },
      { table_name: 'runs' },
    ]);
  });

  it('a location without sync tracking data is not found (exit code 3), not an empty bucket', async () => {
    const result = await synctrack(['sql', 'SELECT count(*) FROM records', join(emptyDir, 'no-such-folder')]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^synctrack: No sync tracking data under .*no-such-folder/);
  });

  it('a mistake in the query is one line and exit code 2; several statements print the last', async () => {
    const bad = await synctrack(['sql', 'SELECT nope FROM records', fixture.dir]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^synctrack: The query failed: Binder Error: .*nope/);
    expect(await sqlJson('CREATE TABLE t AS SELECT 1 AS x; SELECT x + 1 AS y FROM t', fixture.dir)).toEqual([{ y: 2 }]);
    const both = await synctrack(['sql', 'SELECT 1', fixture.dir, '--json', '--csv']);
    expect(both.exitCode).toBe(2);
  });
});

describe('synctrack sql on payloads stored as BINARY', () => {
  it('reads them as text, in the same column as text payloads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-sql-binary-'));
    try {
      const storage = createFsStorage({ root: dir });
      const at = new Date('2026-03-01T00:00:00Z');
      const record = (identifier: string, payloadText: string | Uint8Array) => ({
        identifier, payload: null, payloadText, operation: 'upsert', status: 'succeeded', statusMessage: null, batchStartedAt: at, batchEndedAt: at,
      });
      const writer = new SyncRunWriter({ storage, run: { orgId: '1', syncId: '2', runId: '3' } });
      await writer.writeBatch('records_updated', [record('a', new TextEncoder().encode('{"name":"Zoë"}'))]);
      await writer.writeBatch('records_updated', [record('b', '{"name":"Bo"}')]);
      const rows = await sqlJson("SELECT identifier, record_payload ->> 'name' AS name, typeof(record_payload) AS type FROM records ORDER BY 1", dir);
      expect(rows).toEqual([
        { identifier: 'a', name: 'Zoë', type: 'VARCHAR' },
        { identifier: 'b', name: 'Bo', type: 'VARCHAR' },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('synctrack sql on a corrupt file', () => {
  it('is one line naming DuckDB’s reason, and exit code 4', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-sql-corrupt-'));
    try {
      await mkdir(join(dir, 'sync_tracking_datasets', '1', '2', '3'), { recursive: true });
      await writeFile(join(dir, 'sync_tracking_datasets', '1', '2', '3', 'records_updated.0.parquet'), 'not parquet at all');
      const result = await synctrack(['sql', 'SELECT count(*) FROM records', dir]);
      expect(result.exitCode).toBe(4);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^synctrack: DuckDB could not read the data: .*records_updated\.0\.parquet/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('synctrack sql without DuckDB', () => {
  it('says to install @duckdb/node-api in one line and exits 7 when the module cannot be imported', async () => {
    const result = await synctrack(['sql', 'SELECT 1', fixture.dir], { env: { SYNCTRACK_DUCKDB_MODULE: '@synctrack/no-such-duckdb' } });
    expect(result.exitCode).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^synctrack: synctrack sql runs your query with DuckDB: install @duckdb\/node-api/);
  });

  it('loadDuckDb turns a failing import into an AdapterNotInstalledError', async () => {
    const error = await loadDuckDb(() => Promise.reject(new Error("Cannot find package '@duckdb/node-api'"))).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ADAPTER_NOT_INSTALLED', message: expect.stringContaining('install @duckdb/node-api') });
  });
});
