// Bytes an adapter returns may be Buffers, whose slice() is a view of the adapter's memory: the
// scanner and the footer must hand decode workers copies, never a view whose memory a transfer would
// detach. Found by the mutation fuzz: an index build over a MemoryStorage written with a Buffer
// detached the stored file with its first row group, and the next row group's task was lost (a hang).
import { describe, expect, test } from 'vitest';
import { MemoryStorage, SyncRunWriter, SyncTrackingClient, type SyncRecordInput } from '../src/index.js';
import { DecodePool } from '../src/internal.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUN = { orgId: 'o', syncId: 's', runId: 'r' };

function records(count: number): SyncRecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: `cust-${i}`,
    payload: { i },
    operation: 'upsert',
    status: 'succeeded',
    batchStartedAt: new Date(0),
    batchEndedAt: new Date(0),
  }));
}

describe('a run stored as a Buffer in MemoryStorage', () => {
  test('is read and indexed row group after row group by a one-worker pool, and stays readable', { timeout: 30_000 }, async () => {
    const written = new MemoryStorage();
    const key = await new SyncRunWriter({ storage: written, run: RUN, compression: 'snappy', rowGroupSize: 100 }).writeBatch('records_updated', records(400));
    const storage = new MemoryStorage();
    await storage.write(key, Buffer.from(await written.read(key)));
    const pool = new DecodePool({ size: 1, inlineTaskBytes: 0 });
    const directory = await mkdtemp(join(tmpdir(), 'synctrack-views-'));
    try {
      const client = new SyncTrackingClient({ storage, decodePool: pool, index: { directory } });
      expect(await client.buildIndex(RUN)).toMatchObject({ rows: 400, rowGroups: 4 });
      expect((await client.find(RUN, ['cust-5', 'cust-305'])).map((record) => record.payload)).toEqual([{ i: 5 }, { i: 305 }]);
      expect((await client.summary(RUN)).total).toBe(400);
    } finally {
      await pool.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
