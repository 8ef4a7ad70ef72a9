// `synctrack runs` (rejected share, its change, the run before) and `synctrack history` (one record's
// story) on a sync of runs written by DuckDB, compared with DuckDB's SQL over the same files; the
// runs cache on disk is used on a second call and never stale.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, synctrack } from './cli-harness.js';

let dir: string;
let cacheDir: string;
let instance: DuckDBInstance;
let duck: DuckDBConnection;
const RUNS = 5;
const syncFolder = () => join(dir, 'sync_tracking_datasets', '7', '70');
const runFolder = (at: number) => join(syncFolder(), String(900 + at));

/** Run `at`: customers c-0..c-29; a run-dependent share rejected; c-3's email changes in run 2, c-4 leaves after run 1. */
async function writeRun(at: number, rows = 30): Promise<void> {
  await mkdir(runFolder(at), { recursive: true });
  const email = `CASE WHEN ${at} >= 2 AND i = 3 THEN 'new' ELSE 'old' END || i || '@example.com'`;
  await duck.run(`COPY (
    SELECT 'c-' || i AS identifier, CAST(json_object('email', ${email}, 'plan', 'basic') AS VARCHAR) AS record_payload, 'upsert' AS operation,
      CASE WHEN (i + ${at}) % ${at + 2} = 0 THEN 'rejected' ELSE 'succeeded' END AS status,
      CASE WHEN (i + ${at}) % ${at + 2} = 0 THEN 'Invalid email ' || i END AS status_message,
      TIMESTAMP '2025-03-01 10:00:00' + INTERVAL (${at}) DAY AS batch_started_at, TIMESTAMP '2025-03-01 10:00:09' + INTERVAL (${at}) DAY AS batch_ended_at
    FROM range(${rows}) t(i) WHERE NOT (i = 4 AND ${at} > 1)
  ) TO '${join(runFolder(at), 'records_updated.0.parquet')}' (FORMAT parquet)`);
  await writeFile(join(runFolder(at), 'metadata.json'), JSON.stringify({ sync_run_start_time: new Date(Date.UTC(2025, 2, 1 + at, 9)).toISOString() }));
}

async function query<T>(sql: string): Promise<T[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synctrack-cli-history-'));
  cacheDir = await mkdtemp(join(tmpdir(), 'synctrack-cli-history-cache-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  for (let at = 0; at < RUNS; at++) await writeRun(at);
}, 60_000);

afterAll(async () => {
  duck?.closeSync();
  instance?.closeSync();
  await rm(dir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

type RunLine = { run_id: string; total: number; rejected_rate: number | null; rejected_rate_change: number | null; previous_run_id: string | null };

async function duckRates(): Promise<Map<string, number>> {
  const rows = await query<{ run: string; rate: number }>(`
    SELECT split_part(parse_dirpath(filename), '/', -1) AS run, avg(CASE WHEN status = 'rejected' THEN 1.0 ELSE 0.0 END)::DOUBLE AS rate
    FROM read_parquet('${syncFolder()}/*/*.parquet', filename = true) GROUP BY 1`);
  return new Map(rows.map((row) => [row.run, row.rate]));
}

describe('runs: the trend', { timeout: 60_000 }, () => {
  it('gives each run its rejected rate, the change from the run before and that run, as DuckDB computes them', async () => {
    const result = await synctrack(['runs', syncFolder(), '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const lines = jsonLines(result.stdout) as RunLine[];
    const rates = await duckRates();
    expect(lines.map((line) => line.run_id)).toEqual(['904', '903', '902', '901', '900']);
    for (const [at, line] of lines.entries()) {
      expect(line.rejected_rate).toBeCloseTo(rates.get(line.run_id)!, 12);
      const previous = lines[at + 1];
      expect(line.previous_run_id).toBe(previous?.run_id ?? null);
      if (previous === undefined) expect(line.rejected_rate_change).toBeNull();
      else expect(line.rejected_rate_change).toBeCloseTo(rates.get(line.run_id)! - rates.get(previous.run_id)!, 12);
    }
    const table = await synctrack(['runs', syncFolder()]);
    expect(table.stdout.split('\n')[0]).toMatch(/REJECTED %\s+CHANGE/);
    // Run 904: 5 of 29 rejected (17.2%); run 903: 6 of 29 (20.7%).
    expect(table.stdout.split('\n')[1]).toMatch(/\b904\b.*17\.2%\s+▼ 3\.4 pp/);
  });

  it('with --cache, keeps the counts on disk and sees a changed run at once', async () => {
    const first = await synctrack(['runs', syncFolder(), '--json', '--index-dir', cacheDir]);
    expect(await readdir(join(cacheDir, 'sync-history'))).toHaveLength(1);
    const second = await synctrack(['runs', syncFolder(), '--json', '--index-dir', cacheDir]);
    expect(second.stdout).toBe(first.stdout);
    await writeRun(3, 40);
    const changed = jsonLines((await synctrack(['runs', syncFolder(), '--json', '--index-dir', cacheDir])).stdout) as RunLine[];
    const rates = await duckRates();
    expect(changed.find((line) => line.run_id === '903')).toMatchObject({ total: 39 });
    for (const line of changed) expect(line.rejected_rate).toBeCloseTo(rates.get(line.run_id)!, 12);
    await writeRun(3);
  });
});

describe('history: one record’s story', { timeout: 60_000 }, () => {
  type HistoryLine = { identifier: string; run_id: string; run_started_at: string; status: string; status_message: string | null; changed_fields: string[]; record_payload: unknown };

  it('prints every appearance oldest run first, as DuckDB reads them, with the fields that changed', async () => {
    const result = await synctrack(['history', syncFolder(), 'c-3', 'c-4', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const lines = jsonLines(result.stdout) as HistoryLine[];
    const duckRows = await query<{ identifier: string; run: string; status: string; status_message: string | null; record_payload: string }>(`
      SELECT identifier, split_part(parse_dirpath(filename), '/', -1) AS run, status, status_message, record_payload
      FROM read_parquet('${syncFolder()}/*/*.parquet', filename = true, file_row_number = true)
      WHERE identifier IN ('c-3', 'c-4') ORDER BY run, file_row_number`);
    expect(lines.map((line) => [line.identifier, line.run_id, line.status, line.status_message, line.record_payload])).toEqual(
      duckRows.map((row) => [row.identifier, row.run, row.status, row.status_message, JSON.parse(row.record_payload)]),
    );
    expect(lines.filter((line) => line.identifier === 'c-3').map((line) => line.changed_fields)).toEqual([[], [], ['email'], [], []]);
    expect(lines.filter((line) => line.identifier === 'c-4').map((line) => line.run_id)).toEqual(['900', '901']);
    expect(lines[0]).toMatchObject({ run_started_at: '2025-03-01T09:00:00.000Z', previous_run_id: null });
    expect(Object.keys(lines[0]!)).toEqual(['identifier', 'run_id', 'run_started_at', 'status', 'status_message', 'changed_fields', 'previous_run_id', 'record_payload']);
  });

  it('answers the same from a bucket with --org and --sync, and through the index', async () => {
    const expected = await synctrack(['history', syncFolder(), 'c-3', '--json']);
    expect(await synctrack(['history', dir, '--org', '7', '--sync', '70', 'c-3', '--json'])).toEqual(expected);
    expect(await synctrack(['history', syncFolder(), 'c-3', '--json', '--index-dir', cacheDir])).toEqual(expected);
  });

  it('without --index, uses the indexes already built and builds none', async () => {
    const indexes = await mkdtemp(join(tmpdir(), 'synctrack-cli-history-indexes-'));
    try {
      const expected = await synctrack(['history', syncFolder(), 'c-3', '--json']);
      expect((await synctrack(['index', runFolder(1), '--index-dir', indexes])).exitCode).toBe(0);
      const env = { SYNCTRACK_INDEX_DIR: indexes };
      expect(await synctrack(['history', syncFolder(), 'c-3', '--json'], { env })).toEqual(expected);
      expect((await readdir(indexes)).filter((name) => name.endsWith('.stindex'))).toHaveLength(1);
    } finally {
      await rm(indexes, { recursive: true, force: true });
    }
  });

  it('prints a table for people, and names identifiers in no run', async () => {
    const result = await synctrack(['history', syncFolder(), 'c-3', 'nobody']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^IDENTIFIER\s+RUN\s+STARTED\s+STATUS\s+MESSAGE\s+CHANGED$/);
    expect(lines[1]).toMatch(/^c-3\s+900\s+2025-03-01 09:00:00 UTC\s+\S+.*\bnew$/);
    expect(lines[3]).toMatch(/^c-3\s+902\s+.*\bemail$/);
    expect(lines).toHaveLength(6);
    expect(result.stderr).toBe('Not in any run of sync 70: nobody\n');
    expect(result.exitCode).toBe(0);
    const values = (await synctrack(['history', syncFolder(), 'c-3', '--values'])).stdout.split('\n');
    expect(values[3]).toMatch(/^902\s+.*email: "old3@example\.com" → "new3@example\.com"$/);
  });

  it('--since and --until keep the runs started within them', async () => {
    const all = jsonLines((await synctrack(['history', syncFolder(), 'c-3', '--json'])).stdout) as HistoryLine[];
    const window = await synctrack(['history', syncFolder(), 'c-3', '--json', '--since', '2025-03-02', '--until', '2025-03-04T09:00Z']);
    expect((jsonLines(window.stdout) as HistoryLine[]).map((line) => line.run_id)).toEqual(['901', '902']);
    expect(jsonLines(window.stdout)).toMatchObject([{ ...all[1], previous_run_id: null, changed_fields: [] }, all[2]!]);
    expect((await synctrack(['history', syncFolder(), 'c-3', '--since', 'soon'])).exitCode).toBe(2);
  });

  it('says what a location is when it is not a sync', async () => {
    const run = await synctrack(['history', runFolder(0), 'c-3']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/is a run folder: history takes a sync folder/);
    const bucket = await synctrack(['history', dir, 'c-3']);
    expect(bucket.stderr).toMatch(/or a bucket with --org and --sync/);
    const missing = await synctrack(['history', dir, '--org', '7', '--sync', '404', 'c-3']);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toMatch(/No sync runs for sync 404/);
  });
});
