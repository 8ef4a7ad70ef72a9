// `synctrack export`: CSV, JSON Lines and Parquet files that read back to the same records, written
// atomically, never over an existing file without --force.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, SyncTrackingClient, type SyncRecordInput } from '@synctrack/core';
import { readParquetFooter } from '@synctrack/core/internal';
import { createFsStorage } from '@synctrack/storage-fs';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;
let out: string;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
  out = await mkdtemp(join(tmpdir(), 'synctrack-export-'));
});

afterAll(async () => {
  await bucket.remove();
  await rm(out, { recursive: true, force: true });
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What `filter --json` prints: the reference every export format must match. */
async function filtered(...args: string[]): Promise<Array<Record<string, unknown>>> {
  return jsonLines((await synctrack(['filter', bucket.run, '--json', ...args])).stdout) as Array<Record<string, unknown>>;
}

describe('export', () => {
  it('JSON Lines: the same lines filter --json prints', async () => {
    const file = join(out, 'rejected.jsonl');
    const result = await synctrack(['export', bucket.run, '--status', 'rejected', '--out', file]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Wrote 4 records to .*rejected\.jsonl \(jsonl, /);
    expect(jsonLines(await readFile(file, 'utf8'))).toEqual(await filtered('--status', 'rejected'));
  });

  it('CSV: a header and one row per record, read back by DuckDB', async () => {
    const file = join(out, 'all.csv');
    const result = await synctrack(['export', bucket.run, '--out', file, '--json']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ file, format: 'csv', records: 15 });
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toBe('identifier,record_payload,operation,status,status_message,batch_started_at,batch_ended_at,file');
    const rows = await query(`SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`);
    const expected = (await filtered()).map((record) => ({
      ...record,
      record_payload: record.record_payload === null ? null : JSON.stringify(record.record_payload),
    }));
    expect(rows).toEqual(expected);
  });

  it('Parquet: one file that DuckDB and the SDK read back to the same records', async () => {
    const file = join(out, 'invalid.parquet');
    const result = await synctrack(['export', bucket.run, '--status', 'invalid', '--out', file]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const expected = await filtered('--status', 'invalid');
    const rows = await query(
      `SELECT identifier, record_payload, operation, status, status_message,
              strftime(batch_started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS batch_started_at,
              strftime(batch_ended_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS batch_ended_at, file
       FROM read_parquet('${file}')`,
    );
    expect(rows.map((row) => ({ ...row, record_payload: row.record_payload === null ? null : JSON.parse(row.record_payload as string) }))).toEqual(expected);
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`);
    expect(types).toContainEqual({ column_name: 'batch_started_at', column_type: 'TIMESTAMP WITH TIME ZONE' });
    // The exported file is itself a readable sync tracking file: the SDK reads it back.
    const client = new SyncTrackingClient({ storage: createFsStorage({ root: out }) });
    const records = [];
    for await (const record of client.filter({ location: '' })) {
      if (record.origin.file === 'invalid.parquet') records.push(record);
    }
    expect(records.map((record) => [record.identifier, record.status, record.statusMessage])).toEqual(
      expected.map((record) => [record.identifier, record.status, record.status_message]),
    );
  });

  it('--columns: only those columns, in that order, in every format', async () => {
    const columns = ['--status', 'rejected', '--columns', 'statusMessage,identifier,batchStartedAt'];
    const expected = await filtered(...columns);
    expect(expected.map((record) => Object.keys(record))).toEqual(Array(4).fill(['status_message', 'identifier', 'batch_started_at']));
    const write = async (name: string) => {
      const file = join(out, name);
      expect(await synctrack(['export', bucket.run, ...columns, '--out', file])).toMatchObject({ exitCode: 0, stderr: '' });
      return file;
    };
    expect(jsonLines(await readFile(await write('columns.jsonl'), 'utf8'))).toEqual(expected);
    expect(await readFile(await write('columns.csv'), 'utf8')).toBe(
      [
        'status_message,identifier,batch_started_at',
        'Invalid email: bad@example,c-2,2026-03-01T10:00:00.000Z',
        'Invalid email: bad@example,c-3,2026-03-01T10:00:00.000Z',
        'Record locked,c-4,2026-03-01T10:00:00.000Z',
        'Invalid email: worse@example,c-8,2026-03-01T10:05:00.000Z',
        '',
      ].join('\n'),
    );
    const parquet = await write('columns.parquet');
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}'))`);
    expect(types).toEqual([
      { column_name: 'status_message', column_type: 'VARCHAR' },
      { column_name: 'identifier', column_type: 'VARCHAR' },
      { column_name: 'batch_started_at', column_type: 'TIMESTAMP WITH TIME ZONE' },
    ]);
    const rows = await query(
      `SELECT status_message, identifier, strftime(batch_started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS batch_started_at FROM read_parquet('${parquet}')`,
    );
    expect(rows).toEqual(expected);
    const empty = join(out, 'columns-none.parquet');
    expect((await synctrack(['export', bucket.run, '--identifier', 'nobody', '--columns', 'file', '--out', empty])).exitCode).toBe(0);
    expect(await query(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${empty}'))`)).toEqual([{ column_name: 'file' }]);
  });

  it('an export that matches nothing still writes a valid, empty file', async () => {
    for (const name of ['none.csv', 'none.jsonl', 'none.parquet']) {
      const file = join(out, name);
      const result = await synctrack(['export', bucket.run, '--identifier', 'nobody', '--out', file]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^Wrote 0 records/);
    }
    expect(await readFile(join(out, 'none.jsonl'), 'utf8')).toBe('');
    expect(await readFile(join(out, 'none.csv'), 'utf8')).toBe('identifier,record_payload,operation,status,status_message,batch_started_at,batch_ended_at,file\n');
    expect(await query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(out, 'none.parquet')}')`)).toEqual([{ n: 0 }]);
  });

  it('never overwrites an existing file without --force', async () => {
    const file = join(out, 'kept.csv');
    await writeFile(file, 'precious\n');
    const refused = await synctrack(['export', bucket.run, '--out', file]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`synctrack: ${file} already exists; pass --force to overwrite it\n`);
    expect(await readFile(file, 'utf8')).toBe('precious\n');
    const forced = await synctrack(['export', bucket.run, '--out', file, '--force']);
    expect(forced.exitCode).toBe(0);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(17);
  });

  it('resolves --out against the working directory', async () => {
    const result = await synctrack(['export', bucket.run, '--status', 'success', '--out', 'relative.jsonl'], { cwd: out });
    expect(result.exitCode).toBe(0);
    expect(jsonLines(await readFile(join(out, 'relative.jsonl'), 'utf8'))).toHaveLength(5);
  });

  it('a failed export leaves nothing behind', async () => {
    const broken = await writeFixtureBucket();
    try {
      const file = join(broken.run, 'records_updated.1.parquet');
      await writeFile(file, (await readFile(file)).subarray(0, 100));
      for (const name of ['broken.parquet', 'broken.jsonl', 'broken.csv']) {
        const result = await synctrack(['export', broken.run, '--out', join(out, name)]);
        expect(result.exitCode).toBe(4);
        expect(result.stderr).toContain('records_updated.1.parquet');
      }
      const missing = await synctrack(['export', join(broken.dir, 'sync_tracking_datasets/1/2/3'), '--out', join(out, 'missing.csv')]);
      expect(missing.exitCode).toBe(3);
      const left = await readdir(out);
      expect(left.filter((name) => name.startsWith('broken') || name.startsWith('missing') || name.endsWith('.partial'))).toEqual([]);
    } finally {
      await broken.remove();
    }
  });

  it('streams a large run into one Parquet file of several row groups', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-large-'));
    try {
      const storage = createFsStorage({ root: dir });
      const writer = new SyncRunWriter({ storage, run: { orgId: '1', syncId: '2', runId: '3' } });
      const started = new Date('2026-01-01T00:00:00Z');
      for (let batch = 0; batch < 3; batch++) {
        const records: SyncRecordInput[] = Array.from({ length: 50_000 }, (_, index) => ({
          identifier: `id-${batch}-${index}`,
          payload: { index },
          operation: 'upsert',
          status: index % 10 === 0 ? 'rejected' : 'succeeded',
          statusMessage: index % 10 === 0 ? `Bad value ${index}` : null,
          batchStartedAt: started,
          batchEndedAt: started,
        }));
        await writer.writeBatch('records_updated', records);
      }
      const file = join(out, 'large.parquet');
      const result = await synctrack(['export', join(dir, 'sync_tracking_datasets/1/2/3'), '--out', file]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^Wrote 150,000 records/);
      const footer = await readParquetFooter(createFsStorage({ root: out }), 'large.parquet');
      expect(footer.numRows).toBe(150_000);
      expect(footer.rowGroups.length).toBeGreaterThanOrEqual(2);
      expect(await query(`SELECT count(DISTINCT identifier)::INTEGER AS n, count(*) FILTER (status = 'rejected')::INTEGER AS rejected FROM read_parquet('${file}')`)).toEqual([
        { n: 150_000, rejected: 15_000 },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
