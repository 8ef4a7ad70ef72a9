// filterArrow against DuckDB: runs written by DuckDB (V1 snappy, V2 zstd through parquet-wasm's
// path) and by core's SyncRunWriter are filtered to Arrow batches, which go through the IPC stream
// into parquet-wasm, to Parquet, into DuckDB (its Node API takes no Arrow), where SQL compares them
// row for row with DuckDB's reading of the original files. Polars reads the same IPC stream. And the
// batches come one row group at a time, without the run in memory.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Table, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, type RecordQuery, type RunIds, type SyncRecordInput } from '../src/index.js';
import { loadPolars } from './conformance-polars.js';
import { DuckDbBucket, OUTCOME_SQL, collect, newRun, recordsSelect, sqlString } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
const duckRuns: RunIds[] = [];
let writerRun: RunIds;
let outputs = 0;

/** SyncRunWriter records: every status kind, a few messages, payloads with non-ASCII text, some nulls. */
function writerRecords(count: number, offset: number): SyncRecordInput[] {
  const statuses = ['succeeded', 'rejected', 'NULL', 'DUPLICATE', null, 'succeeded', 'rejected'];
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const status = statuses[i % statuses.length]!;
    return {
      identifier: i % 11 === 0 ? null : `w-${i % 500}`,
      payload: i % 13 === 0 ? null : { id: i, name: `nåme “${i}”`, nested: { tags: ['x', i % 3] } },
      operation: i % 2 === 0 ? 'upsert' : 'update',
      status,
      statusMessage: status === 'rejected' ? (i % 3 === 0 ? `Rate limit exceeded, retry after ${i % 4}s` : 'Invalid email address') : null,
      batchStartedAt: i % 17 === 0 ? null : new Date(Date.UTC(2024, 4, 1, 10) + Math.floor(i / 100) * 60_000 + (i % 7)),
      batchEndedAt: new Date(Date.UTC(2024, 4, 1, 11) + i),
    };
  });
}

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  const v1 = newRun('org-arrow', 'sync-arrow');
  await bucket.copy(v1, 'records_updated.1.parquet', recordsSelect({ rows: 5000 }), { rowGroupSize: 2048 });
  await bucket.copy(v1, 'records_inserted.1.parquet', recordsSelect({ rows: 3000, offset: 4000 }), { rowGroupSize: 2048 });
  const v2 = newRun('org-arrow', 'sync-arrow');
  await bucket.copy(v2, 'records_updated.1.parquet', recordsSelect({ rows: 4000 }), { rowGroupSize: 1500, parquetVersion: 'V2', compression: 'zstd' });
  // Integer identifiers (decimal text in the batches) and nanosecond timestamps (floored to ms).
  const typed = newRun('org-arrow', 'sync-arrow');
  const typedColumns = {
    identifier: 'i * 1000000007',
    batch_started_at: `CAST(TIMESTAMP '2024-05-01 10:00:00' + INTERVAL (i // 500) MINUTE AS TIMESTAMP_NS) + INTERVAL (i % 7 * 1001) MICROSECOND`,
  };
  await bucket.copy(typed, 'records_updated.1.parquet', recordsSelect({ rows: 3000, columns: typedColumns }), { rowGroupSize: 1024 });
  duckRuns.push(v1, v2, typed);
  writerRun = newRun('org-arrow', 'sync-arrow');
  const writer = new SyncRunWriter({ storage: bucket.storage, run: writerRun, compression: 'snappy', rowGroupSize: 700 });
  await writer.writeBatch('records_updated', writerRecords(2500, 0));
  await writer.writeBatch('records_deleted', writerRecords(900, 2500));
}, 120_000);

afterAll(async () => {
  await bucket?.close();
});

/** The batches as DuckDB sees them: IPC stream → parquet-wasm → a Parquet file; its read_parquet. */
async function duckRelation(batches: RecordBatch[]): Promise<string> {
  const folder = join(bucket.root, 'arrow-out');
  await mkdir(folder, { recursive: true });
  const path = join(folder, `out-${++outputs}.parquet`);
  await writeFile(path, parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(new Table(batches), 'stream'))));
  return `read_parquet(${sqlString(path)})`;
}

async function count(sql: string): Promise<number> {
  const [row] = await bucket.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${sql}`);
  return row!.n;
}

interface Case {
  label: string;
  query: RecordQuery & { limit?: number };
  /** DuckDB's WHERE over the records relation (see DuckDbBucket.records). */
  where: string;
}

const FROM = Date.UTC(2024, 4, 1, 10, 3);
const BEFORE = Date.UTC(2024, 4, 1, 10, 7);

const CASES: Case[] = [
  { label: 'everything', query: {}, where: 'true' },
  { label: 'outcome rejected', query: { outcome: 'rejected' }, where: `(${OUTCOME_SQL}) = 'rejected'` },
  { label: 'outcomes invalid and success', query: { outcome: ['invalid', 'success'] }, where: `(${OUTCOME_SQL}) IN ('invalid', 'success')` },
  { label: 'status NULL or SQL NULL', query: { status: ['NULL', null] }, where: `status = 'NULL' OR status IS NULL` },
  { label: 'message pattern', query: { statusMessage: /^Rate limit/ }, where: `regexp_matches(status_message, '^Rate limit')` },
  { label: 'operation', query: { operation: 'update' }, where: `operation = 'update'` },
  {
    label: 'identifiers',
    query: { identifiers: ['cust-7', 'cust-1007', 'w-3', 'w-404', 2000000014, 'absent'] },
    where: `identifier IN ('cust-7', 'cust-1007', 'w-3', 'w-404', '2000000014', 'absent')`,
  },
  {
    label: 'time range',
    query: { batchStartedFrom: new Date(FROM), batchStartedBefore: new Date(BEFORE) },
    where: `batch_started_at >= ${FROM} AND batch_started_at < ${BEFORE}`,
  },
  { label: 'empty result', query: { identifiers: 'nobody' }, where: 'false' },
];

/** Every row of the batches, compared by DuckDB with its own reading of the run under `where`. */
async function expectSameRows(run: RunIds, arrow: string, where: string): Promise<void> {
  const original = `(SELECT *, ${OUTCOME_SQL} AS outcome FROM ${await bucket.records(run)} WHERE ${where})`;
  const mine = `(SELECT file, row_index, identifier, record_payload, operation, status, status_message,
      CAST(epoch_ms(batch_started_at) AS DOUBLE) AS batch_started_at, CAST(epoch_ms(batch_ended_at) AS DOUBLE) AS batch_ended_at,
      CAST(outcome AS VARCHAR) AS outcome FROM ${arrow})`;
  const theirs = `(SELECT file, row_index, identifier, record_payload, operation, status, status_message,
      batch_started_at, batch_ended_at, outcome FROM ${original})`;
  expect(await count(`(${mine} EXCEPT ALL ${theirs})`)).toBe(0);
  expect(await count(`(${theirs} EXCEPT ALL ${mine})`)).toBe(0);
}

describe('filterArrow, read by DuckDB', () => {
  const duckNames = ['duckdb V1 snappy', 'duckdb V2 zstd', 'duckdb BIGINT identifiers, TIMESTAMP_NS'];
  const runs = () => [...duckRuns.map((run, index) => ({ name: duckNames[index]!, run })), { name: 'SyncRunWriter', run: writerRun }];

  it.each(CASES)('$label: the same rows, counts and outcomes as DuckDB on the files', async ({ query, where }) => {
    for (const { name, run } of runs()) {
      const batches = await collect(bucket.client.filterArrow(run, query));
      expect(batches.length, name).toBeGreaterThan(0);
      const arrow = await duckRelation(batches);
      const expected = await bucket.countBy(run, OUTCOME_SQL, where);
      const total = [...expected.values()].reduce((sum, n) => sum + n, 0);
      expect(batches.reduce((sum, batch) => sum + batch.numRows, 0), name).toBe(total);
      expect(await count(arrow), name).toBe(total);
      const outcomes = await bucket.query<{ outcome: string; n: number }>(
        `SELECT CAST(outcome AS VARCHAR) AS outcome, CAST(count(*) AS INTEGER) AS n FROM ${arrow} GROUP BY 1`,
      );
      expect(new Map(outcomes.map((row) => [row.outcome, row.n])), name).toEqual(expected);
      await expectSameRows(run, arrow, where);
    }
  });

  it('types the columns for DuckDB: text as VARCHAR, times as TIMESTAMPTZ, row_index as INTEGER', async () => {
    const arrow = await duckRelation(await collect(bucket.client.filterArrow(duckRuns[0]!, { operation: 'upsert' })));
    const types = await bucket.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${arrow}`);
    expect(Object.fromEntries(types.map((row) => [row.column_name, row.column_type]))).toEqual({
      identifier: 'VARCHAR',
      record_payload: 'VARCHAR',
      operation: 'VARCHAR',
      status: 'VARCHAR',
      status_message: 'VARCHAR',
      batch_started_at: 'TIMESTAMP WITH TIME ZONE',
      batch_ended_at: 'TIMESTAMP WITH TIME ZONE',
      outcome: 'VARCHAR',
      file: 'VARCHAR',
      row_index: 'INTEGER',
    });
    // The payload is JSON text DuckDB can query.
    const [row] = await bucket.query<{ email: string }>(`SELECT record_payload::JSON->>'email' AS email FROM ${arrow} WHERE row_index = 3 AND file = 'records_updated.1.parquet'`);
    expect(row!.email).toBe('user3@example.com');
  });

  it('keeps limit, columns and payloadFields as filter does', async () => {
    const run = duckRuns[0]!;
    const limited = await collect(bucket.client.filterArrow(run, { outcome: 'rejected', limit: 100 }));
    expect(limited.reduce((sum, batch) => sum + batch.numRows, 0)).toBe(100);
    const records = await collect(bucket.client.filter(run, { outcome: 'rejected', limit: 100 }));
    const rows = new Table(limited).toArray();
    expect(rows.map((row) => `${row.file}#${row.row_index}`)).toEqual(records.map((record) => `${record.origin.file}#${record.origin.rowIndex}`));

    const narrow = await collect(bucket.client.filterArrow(run, { operation: 'delete', columns: ['identifier', 'payload'], payloadFields: ['email'] }));
    expect(narrow[0]!.schema.fields.map((field) => field.name)).toEqual(['identifier', 'record_payload', 'outcome', 'file', 'row_index']);
    const first = new Table(narrow).get(0)!;
    expect(JSON.parse(first.record_payload as string)).toEqual({ email: expect.stringMatching(/@example\.com$/) });
    await expect(collect(bucket.client.filterArrow(run, { cursor: 'x' } as never))).rejects.toThrow(/Unknown option "cursor"/);
  });

  it('hands a stream with the schema even when nothing matches', async () => {
    const batches = await collect(bucket.client.filterArrow(writerRun, { identifiers: 'nobody' }));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.numRows).toBe(0);
    const back = tableFromIPC(tableToIPC(new Table(batches)));
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((field) => field.name)).toContain('outcome');
  });
});

describe('filterArrow, read by apache-arrow and Polars', () => {
  it('round-trips through the IPC stream and file formats', async () => {
    const batches = await collect(bucket.client.filterArrow(writerRun, {}));
    const records = await collect(bucket.client.filter(writerRun, {}));
    for (const format of ['stream', 'file'] as const) {
      const table = tableFromIPC(tableToIPC(new Table(batches), format));
      expect(table.numRows).toBe(records.length);
      const row = table.get(5)!;
      const record = records[5]!;
      expect(row.identifier).toBe(record.identifier);
      expect(row.status).toBe(record.status);
      expect(row.outcome).toBe(record.outcome);
      expect(row.batch_ended_at).toBe(record.batchEndedAt!.getTime());
      expect(JSON.parse(row.record_payload as string)).toEqual(record.payload);
    }
  });

  it('is read by Polars', async (context) => {
    let polars: Awaited<ReturnType<typeof loadPolars>>;
    try {
      polars = await loadPolars();
    } catch (error) {
      context.skip(`polars is not available here: ${String(error)}`);
      return;
    }
    const batches = await collect(bucket.client.filterArrow(duckRuns[0]!, { outcome: ['rejected', 'invalid'] }));
    const reader = polars as unknown as {
      readIPCStream(source: Buffer): { height: number; getColumn(name: string): { toArray(): unknown[] } };
    };
    const frame = reader.readIPCStream(Buffer.from(tableToIPC(new Table(batches), 'stream')));
    const expected = await bucket.countBy(duckRuns[0]!, OUTCOME_SQL, `(${OUTCOME_SQL}) IN ('rejected', 'invalid')`);
    expect(frame.height).toBe([...expected.values()].reduce((sum, n) => sum + n, 0));
    const outcomes = new Map<string, number>();
    for (const outcome of frame.getColumn('outcome').toArray() as string[]) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    expect(outcomes).toEqual(expected);
  });
});

describe('filterArrow memory', () => {
  it('hands out one row group at a time, holding a few row groups, not the run', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const run = newRun('org-arrow', 'sync-big');
    // ~30 row groups of 2,048 records with ~1.6 KB payloads: ~100 MB of Arrow in all.
    const payload = `json_object('id', i, 'blob', repeat('x', 1500 + i % 100))::VARCHAR`;
    for (const batch of [1, 2]) {
      await bucket.copy(run, `records_updated.${batch}.parquet`, recordsSelect({ rows: 30_000, offset: batch * 30_000, columns: { record_payload: payload } }), {
        rowGroupSize: 2048,
      });
    }
    const [{ rowGroups, rows }] = await bucket.query<{ rowGroups: number; rows: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS "rowGroups", CAST(max(rows) AS INTEGER) AS rows FROM (
         SELECT DISTINCT file_name, row_group_id, row_group_num_rows AS rows FROM parquet_metadata(${sqlString(join(await bucket.runFolder(run), '*.parquet'))}))`,
    ) as [{ rowGroups: number; rows: number }];
    expect(rowGroups).toBeGreaterThanOrEqual(20);
    gc();
    const before = process.memoryUsage();
    const baseline = before.heapUsed + before.arrayBuffers;
    let peak = 0;
    let total = 0;
    let batches = 0;
    let largest = 0;
    for await (const batch of bucket.client.filterArrow(run, {})) {
      batches++;
      largest = Math.max(largest, batch.numRows);
      total += batch.data.children.reduce((sum, child) => sum + child.byteLength, 0);
      gc();
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - baseline);
    }
    expect(batches).toBe(rowGroups);
    expect(largest).toBe(rows);
    expect(total).toBeGreaterThan(80 * 2 ** 20);
    // The scanner's window (a row group queued per worker) and the batch in hand: a fraction of the run.
    expect(peak).toBeLessThan(total / 3);
  }, 120_000);
});
