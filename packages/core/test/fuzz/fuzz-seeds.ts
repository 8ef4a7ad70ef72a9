// The valid files the mutation fuzz starts from: small runs written by different writers (core's
// SyncRunWriter through parquet-wasm, DuckDB's V1 and V2 writers), under every codec a reader
// meets (snappy, gzip, zstd, uncompressed), with dictionary and PLAIN pages, several row groups.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MemoryStorage } from '../../src/storage/memory-storage.js';
import { SyncRunWriter, type SyncRecordInput } from '../../src/writer/sync-run-writer.js';
import type { ParquetCompression } from '../../src/writer/parquet-encoding.js';

export interface FuzzSeed {
  name: string;
  bytes: Uint8Array;
}

/** Identifiers the operations look for: some in every seed, one in none. */
export const FUZZ_IDENTIFIERS = ['cust-3', 'cust-77', 'cust-250', 'nobody'];

const STATUSES = ['succeeded', 'rejected', null, 'NULL', 'DUPLICATE', 'rejected', 'succeeded'];

function record(i: number): SyncRecordInput {
  const status = STATUSES[i % STATUSES.length]!;
  return {
    identifier: i % 41 === 40 ? null : `cust-${i % 300}`,
    payload: { id: i, email: `user${i}@example.com`, tags: ['a', 'b'].slice(0, i % 3) },
    operation: ['upsert', 'update', 'delete'][i % 3]!,
    status,
    statusMessage: status === 'rejected' ? (i % 2 ? 'Invalid email address' : `Rate limit exceeded, retry after ${i % 4}s`) : null,
    batchStartedAt: new Date(Date.UTC(2024, 4, 1, 10, i % 60)),
    batchEndedAt: new Date(Date.UTC(2024, 4, 1, 11, i % 60)),
  };
}

async function writerSeed(compression: ParquetCompression, rows: number): Promise<FuzzSeed> {
  const storage = new MemoryStorage();
  const writer = new SyncRunWriter({ storage, run: { orgId: 'o', syncId: 's', runId: 'r' }, compression, rowGroupSize: 128 });
  const key = await writer.writeBatch('records_updated', Array.from({ length: rows }, (_, i) => record(i)));
  return { name: `synctrack-writer ${compression}`, bytes: await storage.read(key) };
}

const DUCKDB_SELECT = `SELECT
  CASE WHEN i % 41 = 40 THEN NULL ELSE 'cust-' || CAST(i % 300 AS VARCHAR) END AS identifier,
  CAST(json_object('id', i, 'email', 'user' || i || '@example.com') AS VARCHAR) AS record_payload,
  CASE i % 3 WHEN 0 THEN 'upsert' WHEN 1 THEN 'update' ELSE 'delete' END AS operation,
  CASE i % 7 WHEN 1 THEN 'rejected' WHEN 2 THEN NULL WHEN 3 THEN 'NULL' WHEN 5 THEN 'rejected' ELSE 'succeeded' END AS status,
  CASE i % 7 WHEN 1 THEN 'Invalid email address' WHEN 5 THEN 'Rate limit exceeded, retry after ' || (i % 4) || 's' END AS status_message,
  TIMESTAMP '2024-05-01 10:00:00' + INTERVAL (i % 60) MINUTE AS batch_started_at,
  TIMESTAMP '2024-05-01 11:00:00' + INTERVAL (i % 60) MINUTE AS batch_ended_at
FROM range(ROWS) AS t(i)`;

/** The seeds: about 2,000-2,500 rows each, so that every operation on a mutant takes milliseconds. */
export async function fuzzSeeds(): Promise<FuzzSeed[]> {
  const seeds = [await writerSeed('snappy', 400), await writerSeed('zstd', 400), await writerSeed('none', 300), await writerSeed('gzip', 300)];
  const folder = await mkdtemp(join(tmpdir(), 'synctrack-fuzz-seeds-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const duck = await instance.connect();
  try {
    const variants: Array<[string, string]> = [
      ['V1', 'snappy'],
      ['V1', 'gzip'],
      ['V1', 'uncompressed'],
      ['V2', 'zstd'],
      ['V2', 'snappy'],
    ];
    for (const [version, codec] of variants) {
      const path = join(folder, `${version}-${codec}.parquet`);
      // DuckDB's smallest row group is its vector size: 2,500 rows make two row groups.
      await duck.run(
        `COPY (${DUCKDB_SELECT.replace('ROWS', '2500')}) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version}, ROW_GROUP_SIZE 2048)`,
      );
      seeds.push({ name: `duckdb ${version} ${codec}`, bytes: new Uint8Array(await readFile(path)) });
    }
  } finally {
    duck.closeSync();
    instance.closeSync();
    await rm(folder, { recursive: true, force: true });
  }
  return seeds;
}
