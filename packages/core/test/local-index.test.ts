// The local index: `find` through it answers exactly what a scan answers (duplicates, missing and
// null identifiers, several files, snappy, uncompressed and zstd files), is rebuilt when the run's
// files change or the index file is damaged, and looks across all runs of a sync.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SyncTrackingClient } from '../src/index.js';
import { DuckDbBucket, newRun, recordsSelect } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
let directory: string;
let indexed: SyncTrackingClient;

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  directory = await mkdtemp(join(tmpdir(), 'synctrack-index-'));
  indexed = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory } });
});

afterAll(async () => {
  await bucket?.close();
  await rm(directory, { recursive: true, force: true });
});

const IDENTIFIERS = ['cust-0', 'cust-899', 'cust-1005', 'cust-5123', 'cust-7999', 'nobody', 'cust-900', ''];

async function expectSameAsScan(run: ReturnType<typeof newRun>, identifiers: string[]): Promise<number> {
  let found = 0;
  for (const identifier of identifiers) {
    const expected = await bucket.client.find(run, identifier);
    const actual = await indexed.find(run, identifier);
    expect(actual, identifier).toEqual(expected);
    found += actual.length;
  }
  // Several at once, duplicates in the question included.
  expect(await indexed.find(run, [...identifiers, identifiers[0]!])).toEqual(await bucket.client.find(run, identifiers));
  return found;
}

describe('find through the local index', () => {
  test.each(['snappy', 'uncompressed', 'zstd', 'gzip'] as const)('answers as a scan does, %s files', async (compression) => {
    const run = newRun();
    // Payloads long enough that a snappy page has many restart points; some null identifiers.
    const columns = {
      identifier: `CASE WHEN i % 211 = 17 THEN NULL ELSE 'cust-' || CAST(i % 900 + (i // 1000) * 1000 AS VARCHAR) END`,
      record_payload: `CAST(json_object('id', i, 'blob', repeat(md5(i::VARCHAR), 1 + i % 20)) AS VARCHAR)`,
    };
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 6000, columns }), { compression, rowGroupSize: 2500 });
    await bucket.copy(run, 'records_updated.1.parquet', recordsSelect({ rows: 4000, offset: 5000, columns }), { compression });
    const stats = await indexed.buildIndex(run);
    expect(stats).toMatchObject({ files: 2, rows: 10_000 });
    expect(stats.rowGroups).toBeGreaterThan(2);
    // Row by row reads need snappy or uncompressed PLAIN pages; the others fall back to decoding.
    expect(stats.mappedRowGroups).toBe(compression === 'snappy' || compression === 'uncompressed' ? stats.rowGroups : 0);
    expect(await expectSameAsScan(run, IDENTIFIERS)).toBeGreaterThan(5);
  });

  test('is built on first use, and rebuilt when the run gains a file or a file changes', async () => {
    const run = newRun();
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 3000 }));
    const before = new Set(await readdir(directory));
    expect(await indexed.find(run, 'cust-5001')).toEqual([]);
    expect((await readdir(directory)).filter((name) => !before.has(name))).toHaveLength(1);
    await bucket.copy(run, 'records_updated.1.parquet', recordsSelect({ rows: 3000, offset: 5000 }));
    expect((await indexed.find(run, 'cust-5001')).map((record) => record.origin.file)).toEqual(['records_updated.1.parquet']);
    await bucket.copy(run, 'records_updated.1.parquet', recordsSelect({ rows: 3000, offset: 9000 }));
    expect(await indexed.find(run, 'cust-5001')).toEqual([]);
    expect(await expectSameAsScan(run, ['cust-9001', 'cust-5001', 'cust-17'])).toBeGreaterThan(1);
  });

  test('rebuilds an index file it cannot read, rather than trusting it', async () => {
    const run = newRun();
    await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 2000 }));
    const { path } = await indexed.buildIndex(run);
    await writeFile(path, 'not an index');
    expect(await expectSameAsScan(run, ['cust-5', 'cust-1500'])).toBeGreaterThan(0);
  });

  test('finds an identifier across all runs of a sync, newest first', async () => {
    const orgId = 'org-index';
    const syncId = 'sync-index';
    const runs = [newRun(orgId, syncId), newRun(orgId, syncId), newRun(orgId, syncId)];
    for (const [at, run] of runs.entries()) {
      await bucket.put(run, 'metadata.json', JSON.stringify({ sync_id: syncId, sync_run_id: run.runId, started_at: `2024-05-0${at + 1}T00:00:00Z` }));
      await bucket.copy(run, 'records_updated.0.parquet', recordsSelect({ rows: 1500, offset: at * 1000 }));
    }
    // Rows i in [0, 1500), [1000, 2500) and [2000, 3500); cust-1200 is i = 1100, in the first two.
    const matches = await indexed.findInSync({ orgId, syncId }, 'cust-1200');
    expect(matches.map((match) => match.run.runId)).toEqual([runs[1]!.runId, runs[0]!.runId]);
    for (const match of matches) {
      expect(match.records.map((record) => record.identifier)).toEqual(['cust-1200']);
      expect(match.records).toEqual(await bucket.client.find(match.run, 'cust-1200'));
    }
    // cust-2100 is i = 2200: only the newest run.
    expect((await indexed.findInSync({ orgId, syncId }, 'cust-2100')).map((match) => match.run.runId)).toEqual([runs[2]!.runId]);
    expect(await indexed.findInSync({ orgId, syncId }, 'nobody')).toEqual([]);
  });
});
