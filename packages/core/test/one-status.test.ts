// A column holding one value throughout is dictionary-encoded with a one-entry dictionary, whose
// indices arrow-rs writes at bit width 0: RLE runs with no value byte. summary() had counted no
// status at all for such a file (all outcomes 0), while filter and errors were right.
import { describe, expect, test } from 'vitest';
import { MemoryStorage, SyncRunWriter, SyncTrackingClient, type SyncRecordInput } from '../src/index.js';
import { DecodePool } from '../src/internal.js';

const RUN = { orgId: 'o', syncId: 's', runId: 'one-status' };

function records(count: number, status: string, operation: string): SyncRecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: `cust-${i}`,
    payload: { i },
    operation,
    status,
    statusMessage: status === 'rejected' ? 'Invalid email' : null,
    batchStartedAt: new Date(Date.UTC(2026, 0, 1)),
    batchEndedAt: new Date(Date.UTC(2026, 0, 1, 0, 1)),
  }));
}

describe('a file whose records all share one status and one operation', () => {
  test.each([3, 1000])('summary counts %i of them (and agrees with filter and errors)', async (count) => {
    const storage = new MemoryStorage();
    const run = { ...RUN, runId: `${RUN.runId}-${count}` };
    await new SyncRunWriter({ storage, run, compression: 'snappy', rowGroupSize: 400 }).writeBatch('records_updated', records(count, 'rejected', 'upsert'));
    await new SyncRunWriter({ storage, run, compression: 'snappy' }).writeBatch('records_inserted', records(count, 'succeeded', 'insert'));
    const pool = new DecodePool({ size: 1 });
    try {
      const client = new SyncTrackingClient({ storage, decodePool: pool });
      const summary = await client.summary(run);
      expect(summary.total).toBe(2 * count);
      expect(summary.byOutcome).toEqual({ success: count, rejected: count, invalid: 0 });
      expect(summary.byStatus).toEqual(expect.arrayContaining([{ status: 'rejected', count }, { status: 'succeeded', count }]));
      expect(summary.byOperation).toEqual(expect.arrayContaining([{ operation: 'upsert', count }, { operation: 'insert', count }]));
      let rejected = 0;
      for await (const _record of client.filter(run, { outcome: 'rejected', columns: ['identifier'] })) rejected++;
      expect(rejected).toBe(count);
      expect(await client.errors(run)).toEqual([expect.objectContaining({ statusMessage: 'Invalid email', count })]);
    } finally {
      await pool.close();
    }
  });
});
