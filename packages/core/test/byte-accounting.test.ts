// A scan fetches each projected byte once, through the storage adapter: the decode worker never
// has to ask for bytes again. DuckDB writes no page index, so the footer read overlaps the last
// column chunks, and parquet-wasm then asks for one range across both (that once doubled I/O).
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient, type StorageAdapter } from '../src/index.js';
import { DuckDbBucket, collect, newRun, recordsSelect } from './duckdb-fixtures.js';

function counting(storage: StorageAdapter) {
  const counter = { bytes: 0 };
  const counted: StorageAdapter = Object.create(storage);
  counted.read = async (key, options) => {
    const bytes = await storage.read(key, options);
    if (key.endsWith('.parquet')) counter.bytes += bytes.length;
    return bytes;
  };
  return { counted, counter };
}

describe('byte accounting on DuckDB-written files', () => {
  let bucket: DuckDbBucket;
  const run = newRun();
  let fileSize = 0;

  beforeAll(async () => {
    bucket = await DuckDbBucket.create();
    // Random-looking payloads that do not compress: the file is far larger than the footer read.
    const path = await bucket.copy(
      run,
      'records_updated.0.parquet',
      recordsSelect({ rows: 6000, columns: { record_payload: `json_object('noise', md5(i::VARCHAR) || md5((i + 1)::VARCHAR))::VARCHAR` } }),
      { rowGroupSize: 2000, compression: 'snappy' },
    );
    fileSize = (await stat(path)).size;
  });

  afterAll(async () => {
    await bucket?.close();
  });

  it('reads every byte of a full scan at most once', async () => {
    expect(fileSize).toBeGreaterThan(200 * 1024);
    const { counted, counter } = counting(bucket.storage);
    const client = new SyncTrackingClient({ storage: counted });
    expect(await collect(client.filter(run))).toHaveLength(6000);
    expect(counter.bytes).toBeLessThanOrEqual(fileSize);
    expect(counter.bytes).toBeGreaterThan(fileSize * 0.9);
  });

  it('reads little more than the projected columns when payloads are left out', async () => {
    const { counted, counter } = counting(bucket.storage);
    const client = new SyncTrackingClient({ storage: counted });
    await collect(client.filter(run, { outcome: 'rejected', columns: ['identifier', 'statusMessage'] }));
    const chunks = await bucket.query<{ bytes: number }>(
      `SELECT sum(total_compressed_size)::INTEGER AS bytes FROM parquet_metadata('${await bucket.runFolder(run)}/*.parquet')
       WHERE path_in_schema IN ('identifier', 'status', 'status_message')`,
    );
    const projected = chunks[0]!.bytes;
    // The projected chunks plus the footer reads (16 KiB at most per file).
    expect(counter.bytes).toBeGreaterThanOrEqual(projected);
    expect(counter.bytes).toBeLessThanOrEqual(projected + 16 * 1024);
  });
});
