import { describe, expect, it } from 'vitest';
import { SyncTrackingClient } from '../client/sync-tracking-client.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { SyncRunWriter } from '../writer/sync-run-writer.js';
import type { ScanProgress } from './scan-progress.js';

describe('onProgress', () => {
  it('reports files, rows and bytes, ending complete, never going backwards', async () => {
    const storage = new MemoryStorage();
    const run = { orgId: '1', syncId: '2', runId: '3' };
    const writer = new SyncRunWriter({ storage, run, rowGroupSize: 100, compression: 'none' });
    for (let batch = 0; batch < 3; batch++) {
      await writer.writeBatch(
        'records_updated',
        Array.from({ length: 250 }, (_, index) => ({
          identifier: `${batch}-${index}`,
          payload: { index, filler: `${batch}-${index}-`.repeat(40) },
          operation: 'upsert',
          status: index % 5 === 0 ? 'rejected' : 'succeeded',
          statusMessage: index % 5 === 0 ? 'bad' : null,
          batchStartedAt: new Date(0),
          batchEndedAt: new Date(1),
        })),
      );
    }
    const client = new SyncTrackingClient({ storage });
    for (const operation of [
      (onProgress: (progress: ScanProgress) => void) => client.summary(run, { onProgress }),
      (onProgress: (progress: ScanProgress) => void) => client.errors(run, { onProgress }),
      (onProgress: (progress: ScanProgress) => void) => client.find(run, ['1-7'], { onProgress }),
      (onProgress: (progress: ScanProgress) => void) => client.sample(run, { size: 5, outcome: 'rejected', onProgress }),
    ]) {
      const events: ScanProgress[] = [];
      await operation((progress) => events.push(progress));
      expect(events.length).toBeGreaterThan(3);
      expect(events[0]).toMatchObject({ filesTotal: 3, filesDone: 0, rowsDone: 0, bytesDone: 0 });
      expect(events.at(-1)).toMatchObject({ filesTotal: 3, filesDone: 3, rowsTotal: 750, rowsDone: 750 });
      expect(events.at(-1)!.bytesDone).toBeGreaterThan(0);
      expect(events.at(-1)!.bytesDone).toBeLessThanOrEqual(events.at(-1)!.bytesTotal);
      for (let index = 1; index < events.length; index++) {
        expect(events[index]!.rowsDone).toBeGreaterThanOrEqual(events[index - 1]!.rowsDone);
        expect(events[index]!.filesDone).toBeGreaterThanOrEqual(events[index - 1]!.filesDone);
      }
    }
  });
});
