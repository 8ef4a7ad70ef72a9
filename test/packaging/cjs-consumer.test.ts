// The packages from CommonJS: cjs-consumer/read-run.cjs, run by plain `node`, requires every package
// that can be required and reads a run DuckDB wrote (one snappy file, one zstd file that only
// parquet-wasm decodes) with every decode task on a CommonJS decode worker; its answers are compared
// with DuckDB's on the same files. Also checks that only the CommonJS builds (.cjs) were loaded, so
// the app held one copy of core and its errors are that copy's classes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const consumer = fileURLToPath(new URL('./cjs-consumer/read-run.cjs', import.meta.url));
const run = { orgId: '4821', syncId: '120', runId: '1200007' };
const probes = ['cust-17', 'cust-404', 'cust-2999', 'missing-id'];

const ROWS = 6000;
const SELECT = `SELECT 'cust-' || CAST(i % 3000 AS VARCHAR) AS identifier,
    CAST(json_object('id', i, 'email', 'user' || i || '@example.com') AS VARCHAR) AS record_payload,
    CASE i % 3 WHEN 0 THEN 'upsert' WHEN 1 THEN 'update' ELSE 'delete' END AS operation,
    CASE i % 10 WHEN 3 THEN 'rejected' WHEN 4 THEN 'rejected' WHEN 5 THEN NULL WHEN 6 THEN 'DUPLICATE' ELSE 'succeeded' END AS status,
    CASE i % 10 WHEN 3 THEN 'Invalid email address' WHEN 4 THEN 'Rate limit exceeded' WHEN 6 THEN 'Duplicate identifier' END AS status_message,
    TIMESTAMP '2026-11-01 10:00:00' + INTERVAL (i // 500) MINUTE AS batch_started_at,
    TIMESTAMP '2026-11-01 10:00:30' + INTERVAL (i // 500) MINUTE AS batch_ended_at
  FROM range(${ROWS}) AS numbered(i)`;

let root: string;
let duckRows: Array<Record<string, unknown>>;

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  const missing = ['core', 'storage-fs', 'cli', 'viewer', 'demo'].filter((name) => !existsSync(join(repository, 'packages', name, 'dist/index.cjs')));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run npx turbo run build)`);
  root = await mkdtemp(join(tmpdir(), 'synctrack-cjs-'));
  const folder = join(root, 'sync_tracking_datasets', run.orgId, run.syncId, run.runId);
  await mkdir(folder, { recursive: true });
  const first = join(folder, 'records_updated.0.parquet');
  const second = join(folder, 'records_inserted.1.parquet');
  await query(`COPY (${SELECT} WHERE i < 4000) TO '${first}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000);
    COPY (${SELECT} WHERE i >= 4000) TO '${second}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000)`);
  duckRows = await query(`SELECT identifier, status, status_message FROM read_parquet('${join(folder, '*.parquet')}')`);
});

afterAll(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

function readRun(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [consumer, root, run.orgId, run.syncId, run.runId, probes.join(',')], {
      cwd: repository,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('a CommonJS app requires the packages and reads a DuckDB-written run on the CommonJS decode worker', async () => {
  const result = await readRun();
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const answer = JSON.parse(result.stdout) as {
    exported: Record<string, number>;
    workerUrl: string;
    total: number;
    byStatus: Array<{ status: string | null; count: number }>;
    files: number;
    rejectedInvalid: string[];
    found: string[];
    errorGroups: number;
    locatedTotal: number;
    locatedAdapter: boolean;
    viewerPage: { status: number; html: boolean };
    missing: { code: string; isSyncTrackError: boolean } | null;
    loadedSynctrackFiles: string[];
  };

  for (const [name, count] of Object.entries(answer.exported)) expect(count, name).toBeGreaterThan(0);
  expect(answer.workerUrl).toMatch(/\/packages\/core\/dist\/decode-worker\.cjs$/);

  const byStatus = new Map<string | null, number>();
  for (const row of duckRows) byStatus.set(row.status as string | null, (byStatus.get(row.status as string | null) ?? 0) + 1);
  expect(answer.total).toBe(ROWS);
  expect(new Map(answer.byStatus.map((entry) => [entry.status, entry.count]))).toEqual(byStatus);
  expect(answer.files).toBe(2);

  const invalid = duckRows.filter((row) => row.status === 'rejected' && String(row.status_message).startsWith('Invalid'));
  expect(answer.rejectedInvalid).toEqual(invalid.map((row) => row.identifier).sort());
  const found = duckRows.filter((row) => probes.includes(row.identifier as string)).map((row) => `${row.identifier}:${row.status}`);
  expect(answer.found).toEqual(found.sort());
  expect(answer.errorGroups).toBe(2);

  expect(answer.locatedTotal).toBe(ROWS);
  expect(answer.locatedAdapter).toBe(true);
  expect(answer.viewerPage).toEqual({ status: 200, html: true });
  expect(answer.missing).toEqual({ code: 'NOT_FOUND', isSyncTrackError: true });

  // One copy of each package: the CommonJS builds only, never an ESM file beside them.
  expect(answer.loadedSynctrackFiles.length).toBeGreaterThan(0);
  expect(answer.loadedSynctrackFiles.filter((file) => !file.endsWith('.cjs'))).toEqual([]);
});
