// The built CLI as a process on pathological but valid payloads (10,000 levels deep, 10 MB, invalid
// UTF-8, unusual JSON, text that is not JSON): find, filter --json, sample, export to CSV, JSON Lines
// and Parquet all exit 0 and print or write every payload; text that cannot be parsed is kept as
// stored, with `"record_payload_raw":true` in JSON.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, type SyncRecordInput } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { buildIfStale, builtBin } from './built-cli.js';


function run(args: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtBin, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr }));
  });
}

const DEPTH = 10_000;
const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const deepArray = `${'[{"k":'.repeat(DEPTH / 2)}[]${'}]'.repeat(DEPTH / 2)}`;
const big = JSON.stringify({ blob: 'x'.repeat(10 * 1024 * 1024) });

/** identifier → [text stored, JSON text written (or the text kept), raw]. */
const CASES: Record<string, [string | Uint8Array, string, boolean]> = {
  'deep-object': [deepObject, deepObject, false],
  'deep-array': [deepArray, deepArray, false],
  big: [big, big, false],
  'invalid-utf8': [new Uint8Array([...Buffer.from('{"a":"'), 0xff, ...Buffer.from('"}')]), '{"a":"\uFFFD"}', false],
  'not-json': ['{"a": nope', '{"a": nope', true],
  'huge-number': ['[1e999]', '[1e999]', true],
  'duplicate-keys': ['{"a":1,"a":2}', '{"a":2}', false],
  'lone-surrogate': ['"\\udc00"', '"\\udc00"', false],
  bom: ['\uFEFF[1]', '[1]', false],
};
const IDS = Object.keys(CASES);

let dir: string;
let runDir: string;

beforeAll(async () => {
  buildIfStale(['cli', 'core', 'storage-fs']);
  dir = await mkdtemp(join(tmpdir(), 'synctrack-pathological-'));
  const storage = createFsStorage({ root: dir });
  const writer = new SyncRunWriter({ storage, run: { orgId: '1', syncId: '2', runId: '3' }, compression: 'snappy', rowGroupSize: 4 });
  const at = new Date('2026-11-23T06:00:00Z');
  const records: SyncRecordInput[] = IDS.map((id, index) => ({
    identifier: id,
    payload: null,
    payloadText: CASES[id]![0],
    operation: 'upsert',
    status: index % 2 === 0 ? 'rejected' : 'succeeded',
    statusMessage: index % 2 === 0 ? 'bad' : null,
    batchStartedAt: at,
    batchEndedAt: at,
  }));
  await writer.writeMetadata({});
  await writer.writeBatch('records_updated', records);
  runDir = join(dir, 'sync_tracking_datasets/1/2/3');
}, 120_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Checks each JSON line's payload against the case of its identifier, as text (no deep parse needed). */
function checkLines(stdout: string, expectedCount: number): void {
  const lines = stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(expectedCount);
  for (const line of lines) {
    const id = /"identifier":"([^"]*)"/.exec(line)![1]!;
    const [, written, raw] = CASES[id]!;
    const start = line.indexOf('"record_payload":') + '"record_payload":'.length;
    const value = line.slice(start, line.indexOf(',"operation":'));
    expect(value.length, id).toBe(raw ? `${JSON.stringify(written)},"record_payload_raw":true`.length : written.length);
    expect(value === (raw ? `${JSON.stringify(written)},"record_payload_raw":true` : written), id).toBe(true);
  }
}

describe('pathological payloads through the CLI process', () => {
  it('filter --json', async () => {
    const result = await run(['filter', runDir, '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    checkLines(result.stdout, IDS.length);
  });

  it('find --json and sample --json', async () => {
    const found = await run(['find', runDir, ...IDS, '--json']);
    expect(found.stderr).toBe('');
    expect(found.exitCode).toBe(0);
    checkLines(found.stdout, IDS.length);
    const sample = await run(['sample', runDir, '--size', '100', '--json']);
    expect(sample.exitCode).toBe(0);
    checkLines(sample.stdout, IDS.length);
    const allRuns = await run(['find', dir, '--org', '1', '--sync', '2', '--all-runs', ...IDS, '--json']);
    expect(allRuns.exitCode).toBe(0);
    checkLines(allRuns.stdout, IDS.length);
  });

  it('find and sample for people: cards and tables', async () => {
    const found = await run(['find', runDir, ...IDS]);
    expect(found.stderr).toBe('');
    expect(found.exitCode).toBe(0);
    // The deep payload on one line, the raw text flagged as such.
    expect(found.stdout).toContain(deepObject);
    expect(found.stdout).toContain('(not JSON: the text stored) {"a": nope');
    const sample = await run(['sample', runDir, '--size', '100', '--columns', 'identifier,payload']);
    expect(sample.exitCode).toBe(0);
    expect(sample.stdout.trimEnd().split('\n')).toHaveLength(IDS.length + 1);
  });

  async function duck(sql: string): Promise<Array<Record<string, unknown>>> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it.each(['jsonl', 'csv', 'parquet'])('export .%s', async (format) => {
    const file = join(dir, `out.${format}`);
    const result = await run(['export', runDir, '--out', file, '--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    if (format === 'jsonl') return checkLines(await readFile(file, 'utf8'), IDS.length);
    const rows =
      format === 'csv'
        ? await duck(`SELECT identifier, record_payload FROM read_csv('${file}', header = true, all_varchar = true, max_line_size = 100000000)`)
        : await duck(`SELECT identifier, record_payload FROM read_parquet('${file}')`);
    expect(rows.map((row) => row.identifier).sort()).toEqual([...IDS].sort());
    // CSV and Parquet cells hold the payload's JSON text, or the text stored when it is not JSON.
    for (const row of rows) expect(row.record_payload === CASES[row.identifier as string]![1], row.identifier as string).toBe(true);
  });
});
