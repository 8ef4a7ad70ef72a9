// The writer's files are read by DuckDB (`read_parquet(…, union_by_name=true)`), the tool the
// format's own documentation suggests: the proof that we write real, Census-shaped Parquet.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll } from '../storage/list-all.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { writeFactTables } from './fact-table-writer.js';
import { SyncRunWriter, type SyncRecordInput } from './sync-run-writer.js';

const run = { orgId: '4821', syncId: '120', runId: '1200001' };
const started = new Date('2026-11-23T06:00:00.123Z');
const ended = new Date('2026-11-23T06:00:09.456Z');

function records(count: number, offset: number): SyncRecordInput[] {
  return Array.from({ length: count }, (_, index) => {
    const n = offset + index;
    return {
      identifier: n % 50 === 7 ? null : n,
      payload: n % 40 === 3 ? null : { email: `user${n}@example.com`, name: n % 2 ? 'Zoë 雪' : 'Ada', ltv: n / 4, tags: ['a', 'b'] },
      operation: 'upsert',
      status: n % 50 === 7 ? 'NULL' : n % 10 === 0 ? 'rejected' : n % 33 === 0 ? null : 'succeeded',
      statusMessage: n % 10 === 0 ? `INVALID_EMAIL_ADDRESS: invalid email address: user${n}@@example.com` : null,
      batchStartedAt: started,
      batchEndedAt: ended,
    };
  });
}

async function copyToDisk(storage: StorageAdapter, dir: string): Promise<void> {
  for await (const entry of listAll(storage, '')) {
    if (!entry.object) continue;
    const path = join(dir, entry.object.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await storage.read(entry.object.key));
  }
}

describe('SyncRunWriter', () => {
  let dir: string;
  let storage: MemoryStorage;
  let query: (sql: string) => Promise<Record<string, unknown>[]>;
  let close: () => void;

  beforeAll(async () => {
    storage = new MemoryStorage();
    const writer = new SyncRunWriter({ storage, run, rowGroupSize: 500 });
    await writer.writeMetadata({ sync_run_start_time: started.toISOString() });
    await writer.writeBatch('records_updated', records(1200, 0));
    await writer.writeBatch('records_invalid', records(300, 1200));
    // An older file of the same run with the legacy column set and snappy.
    const legacy = new SyncRunWriter({ storage, run, generation: 'legacy', compression: 'snappy' });
    await legacy.writeBatch('records_updated', records(100, 1500), { batchNumber: null });
    await writeFactTables({
      storage,
      orgId: run.orgId,
      tables: {
        sourceObjects: [{ id: '9001', type: 'DataWarehouse::Query', name: 'dim_customers', modelId: '311', businessObjectId: null, filterSegmentId: null, cohortId: null }],
        destinations: [{ id: '501', type: 'Salesforce::Connection', name: 'Salesforce' }],
        destinationObjects: [{ id: '7001', type: 'Salesforce::ObjectTypes::Contact', name: 'Contact' }],
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'synctrack-writer-'));
    await copyToDisk(storage, dir);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    close = () => {
      connection.closeSync();
      instance.closeSync();
    };
  });

  afterAll(async () => {
    close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const runGlob = () => `'${join(dir, 'sync_tracking_datasets/4821/120/1200001')}/*.parquet'`;

  it('lays files out as Census does', async () => {
    const keys: string[] = [];
    for await (const entry of listAll(storage, '')) if (entry.object) keys.push(entry.object.key);
    expect(keys.sort()).toEqual([
      'metadata/4821/destination_objects.parquet',
      'metadata/4821/destinations.parquet',
      'metadata/4821/source_objects.parquet',
      'sync_tracking_datasets/4821/120/1200001/metadata.json',
      'sync_tracking_datasets/4821/120/1200001/records_invalid.0.parquet',
      'sync_tracking_datasets/4821/120/1200001/records_updated.0.parquet',
      'sync_tracking_datasets/4821/120/1200001/records_updated.parquet',
    ]);
  });

  it('writes the documented columns and types, readable by DuckDB with union_by_name', async () => {
    const columns = await query(`DESCRIBE SELECT * FROM read_parquet(${runGlob()}, union_by_name=true)`);
    const types = Object.fromEntries(columns.map((column) => [column.column_name, column.column_type]));
    expect(types).toMatchObject({
      identifier: 'VARCHAR',
      record_payload: 'VARCHAR',
      operation: 'VARCHAR',
      status: 'VARCHAR',
      status_message: 'VARCHAR',
      batch_started_at: 'TIMESTAMP WITH TIME ZONE',
      batch_ended_at: 'TIMESTAMP WITH TIME ZONE',
      sync_configuration_id: 'VARCHAR',
      sync_run_id: 'VARCHAR',
      census_sync_tracking_internal_id: 'VARCHAR',
    });
  });

  it('round-trips values: counts, NULLs, JSON payloads, unicode and timestamps', async () => {
    const [counts] = await query(`
      SELECT count(*)::INTEGER AS total,
             count(*) FILTER (status IS NULL)::INTEGER AS null_status,
             count(*) FILTER (status = 'rejected')::INTEGER AS rejected,
             count(*) FILTER (status = 'NULL')::INTEGER AS null_key,
             count(*) FILTER (identifier IS NULL)::INTEGER AS null_identifier,
             count(*) FILTER (record_payload IS NULL)::INTEGER AS null_payload,
             count(*) FILTER (sync_run_id IS NULL)::INTEGER AS legacy_rows,
             min(epoch_ms(batch_started_at))::BIGINT AS started_ms,
             max(epoch_ms(batch_ended_at))::BIGINT AS ended_ms
      FROM read_parquet(${runGlob()}, union_by_name=true)`);
    const expected = records(1600, 0);
    expect(counts).toEqual({
      total: 1600,
      null_status: expected.filter((record) => record.status === null).length,
      rejected: expected.filter((record) => record.status === 'rejected').length,
      null_key: expected.filter((record) => record.status === 'NULL').length,
      null_identifier: expected.filter((record) => record.identifier === null).length,
      null_payload: expected.filter((record) => record.payload === null).length,
      legacy_rows: 100,
      started_ms: String(started.getTime()),
      ended_ms: String(ended.getTime()),
    });
    const [row] = await query(`
      SELECT identifier, record_payload->>'$.name' AS name, (record_payload->>'$.ltv')::DOUBLE AS ltv, status_message
      FROM read_parquet(${runGlob()}, union_by_name=true) WHERE identifier = '1001'`);
    expect(row).toEqual({ identifier: '1001', name: 'Zoë 雪', ltv: 1001 / 4, status_message: null });
  });

  it('compresses with the codec asked for', async () => {
    const codecs = await query(`
      SELECT DISTINCT split_part(file_name, '/', -1) AS file, compression
      FROM parquet_metadata(${runGlob()}) ORDER BY 1`);
    expect(codecs).toEqual([
      { file: 'records_invalid.0.parquet', compression: 'ZSTD' },
      { file: 'records_updated.0.parquet', compression: 'ZSTD' },
      { file: 'records_updated.parquet', compression: 'SNAPPY' },
    ]);
  });

  it('writes fact tables with the documented columns', async () => {
    const [source] = await query(`SELECT * FROM read_parquet('${join(dir, 'metadata/4821/source_objects.parquet')}')`);
    expect(source).toEqual({
      id: '9001',
      type: 'DataWarehouse::Query',
      name: 'dim_customers',
      model_id: '311',
      business_object_id: null,
      filter_segment_id: null,
      cohort_id: null,
    });
  });

  it('refuses a storage adapter that cannot write', () => {
    const readOnly = { ...storage, capabilities: { ...storage.capabilities, write: false }, name: 'ro', location: 'ro://' } as StorageAdapter;
    expect(() => new SyncRunWriter({ storage: readOnly, run })).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
