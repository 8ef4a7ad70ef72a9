// The facade's own contract: close() and `await using` end what the client holds (its claim on
// the shared decode pool's workers, never a pool the user passed), calls after close fail fast with
// an error naming the method, and organizations and syncs are objects like runs.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DecodePool, sharedDecodePool } from '../scan/decode-pool.js';
import { SyncRunWriter, type SyncRecordInput } from '../writer/sync-run-writer.js';
import { SyncTrackingClient } from './sync-tracking-client.js';

const storage = new MemoryStorage();
// zstd pages go to parquet-wasm, which only a worker thread runs: a scan of this run starts one.
const run = { orgId: 'o', syncId: 's', runId: 'r' };
const userPools: DecodePool[] = [];

function input(index: number): SyncRecordInput {
  return {
    identifier: `id-${index}`,
    payload: { index },
    operation: 'upsert',
    status: index % 3 === 0 ? 'rejected' : 'succeeded',
    statusMessage: index % 3 === 0 ? 'bad' : null,
    batchStartedAt: new Date(Date.UTC(2026, 0, 1)),
    batchEndedAt: new Date(Date.UTC(2026, 0, 1, 0, 1)),
  };
}

async function count(records: AsyncIterable<unknown>): Promise<number> {
  let total = 0;
  for await (const _record of records) total++;
  return total;
}

beforeAll(async () => {
  const writer = new SyncRunWriter({ storage, run, compression: 'zstd', rowGroupSize: 100 });
  await writer.writeBatch('records_updated', Array.from({ length: 300 }, (_, index) => input(index)));
});

afterAll(async () => {
  await Promise.all(userPools.map((pool) => pool.close()));
});

describe('close', () => {
  test('await using closes the client at the end of the block', async () => {
    let kept: SyncTrackingClient;
    {
      await using client = new SyncTrackingClient({ storage });
      kept = client;
      expect((await client.summary(run)).total).toBe(300);
    }
    await expect(kept.summary(run)).rejects.toMatchObject({ name: 'AbortedError', code: 'ABORTED', context: { operation: 'summary' } });
  });

  test('is idempotent: every call gives the same promise', async () => {
    const client = new SyncTrackingClient({ storage });
    const first = client.close();
    expect(client.close()).toBe(first);
    expect(client[Symbol.asyncDispose]()).toBe(first);
    await first;
  });

  test('every method called after it fails fast, naming the method', async () => {
    const client = new SyncTrackingClient({ storage });
    await client.close();
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['listOrganizations', () => client.listOrganizations()],
      ['listSyncs', () => client.listSyncs(run)],
      ['listRuns', () => client.listRuns(run)],
      ['listRunFiles', () => client.listRunFiles(run)],
      ['resolve', async () => client.resolve(run)],
      ['metadata', () => client.metadata(run)],
      ['factTables', () => client.factTables(run)],
      ['describeRun', () => client.describeRun(run)],
      ['filter', () => count(client.filter(run))],
      ['filterBatches', () => count(client.filterBatches(run))],
      ['filterJsonLines', () => count(client.filterJsonLines(run))],
      ['filterArrow', () => count(client.filterArrow(run))],
      ['filterPage', () => client.filterPage(run, { limit: 5 })],
      ['find', () => client.find(run, 'id-1')],
      ['findInSync', () => client.findInSync(run, 'id-1')],
      ['buildIndex', () => client.buildIndex(run)],
      ['sample', () => client.sample(run, { size: 3 })],
      ['summary', () => client.summary(run)],
      ['errors', () => client.errors(run)],
    ];
    for (const [method, call] of calls) {
      const error = await call().then(() => null, (thrown: unknown) => thrown);
      expect(error, method).toMatchObject({ code: 'ABORTED', retryable: false, context: { operation: method } });
      expect((error as Error).message, method).toContain(`SyncTrackingClient.${method}()`);
    }
  });

  test('a stream read on after close ends at its next row group', async () => {
    const client = new SyncTrackingClient({ storage });
    const batches = client.filterBatches(run);
    expect((await batches.next()).value).toHaveLength(100);
    await client.close();
    await expect(batches.next()).rejects.toMatchObject({ code: 'ABORTED', context: { operation: 'filterBatches' } });
  });

  test('the shared pool: its worker threads end when the last open client using it closes', async () => {
    const pool = sharedDecodePool();
    const first = new SyncTrackingClient({ storage });
    const second = new SyncTrackingClient({ storage });
    expect(await count(first.filter(run))).toBe(300);
    expect(await count(second.filter(run))).toBe(300);
    expect(pool.runningWorkers).toBeGreaterThan(0);
    await first.close();
    expect(pool.runningWorkers).toBeGreaterThan(0); // `second` still uses it
    await second.close();
    expect(pool.runningWorkers).toBe(0);
    // Still usable: a new client starts workers again, and ends them on close.
    await using third = new SyncTrackingClient({ storage });
    expect(await count(third.filter(run))).toBe(300);
    await third.close();
    expect(pool.runningWorkers).toBe(0);
  });

  test('a pool the user passed is left running, and serves other clients', async () => {
    const pool = new DecodePool({ size: 1 });
    userPools.push(pool);
    const client = new SyncTrackingClient({ storage, decodePool: pool });
    expect(await count(client.filter(run))).toBe(300);
    await client.close();
    expect(pool.runningWorkers).toBe(1);
    await using other = new SyncTrackingClient({ storage, decodePool: pool });
    expect(await count(other.filter(run))).toBe(300);
    await pool.close();
    expect(pool.runningWorkers).toBe(0);
  });
});

describe('organizations and syncs are objects, as runs are', () => {
  test('a RunIds or RunInfo will do', async () => {
    await using client = new SyncTrackingClient({ storage });
    expect(await client.listSyncs({ orgId: 'o' })).toEqual(['s']);
    const [info] = await client.listRuns({ orgId: 'o', syncId: 's' });
    expect(info).toMatchObject(run);
    expect(await client.listRuns(info!)).toHaveLength(1);
    const [matches] = await client.findInSync(run, ['id-3', 'id-4']);
    expect(matches?.records.map((record) => record.identifier)).toEqual(['id-3', 'id-4']);
  });

  test('the old positional form is an InvalidArgumentError naming the method', async () => {
    await using client = new SyncTrackingClient({ storage });
    const positional: Array<[string, string, () => Promise<unknown>]> = [
      ['listSyncs', 'org', () => client.listSyncs('o' as never)],
      ['listRuns', 'sync', () => client.listRuns('o' as never, 's' as never)],
      ['factTables', 'org', () => client.factTables('o' as never)],
      ['findInSync', 'sync', () => client.findInSync('o' as never, 's' as never, 'id-1' as never)],
    ];
    for (const [method, argument, call] of positional) {
      const error = await call().then(() => null, (thrown: unknown) => thrown);
      expect(error, method).toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument } });
      expect((error as Error).message, method).toContain(method);
    }
  });
});
