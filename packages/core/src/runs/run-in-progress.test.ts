import { describe, expect, it } from 'vitest';
import { parseRunMetadata } from '../model/run-metadata.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { listRunInfos } from './run-discovery.js';
import { IN_PROGRESS_WINDOW_MS, metadataSaysInProgress, runStillBeingWritten } from './run-in-progress.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000);

describe('runStillBeingWritten', () => {
  it('takes the newest run whose newest file landed within the window', () => {
    const metadata = parseRunMetadata({ sync_run_start_time: '2026-12-07T11:00:00Z' });
    expect(runStillBeingWritten({ newest: true, metadata, lastLandedAt: minutesAgo(2), now: NOW })).toBe(true);
    expect(runStillBeingWritten({ newest: true, metadata, lastLandedAt: new Date(NOW - IN_PROGRESS_WINDOW_MS - 1), now: NOW })).toBe(false);
    expect(runStillBeingWritten({ newest: false, metadata, lastLandedAt: minutesAgo(2), now: NOW })).toBe(false);
    expect(runStillBeingWritten({ newest: true, metadata: null, lastLandedAt: null, now: NOW })).toBe(false);
  });

  it('lets metadata.json decide when it says how the run ended', () => {
    const recent = minutesAgo(1);
    const old = minutesAgo(600);
    const says = (raw: Record<string, string | null>) => metadataSaysInProgress(parseRunMetadata(raw));
    expect(says({ sync_run_end_time: '2026-12-07T11:59:00Z' })).toBe(false);
    expect(says({ completedAt: null })).toBe(true);
    expect(says({ status: 'RUNNING' })).toBe(true);
    expect(says({ sync_run_status: 'succeeded' })).toBe(false);
    expect(says({ sync_run_start_time: '2026-12-07T11:00:00Z' })).toBeNull();
    expect(runStillBeingWritten({ newest: true, metadata: parseRunMetadata({ status: 'in_progress' }), lastLandedAt: old, now: NOW })).toBe(true);
    expect(runStillBeingWritten({ newest: true, metadata: parseRunMetadata({ completed_at: '2026-12-07T11:59:00Z' }), lastLandedAt: recent, now: NOW })).toBe(false);
  });
});

describe('listRunInfos', () => {
  it('marks only the newest run, when its files landed just now', async () => {
    const storage = new MemoryStorage();
    const folder = (runId: string) => `sync_tracking_datasets/1/2/${runId}/`;
    const metadata = (at: string) => new TextEncoder().encode(JSON.stringify({ sync_run_start_time: at }));
    await storage.write(`${folder('10')}metadata.json`, metadata('2026-12-06T00:00:00Z'));
    await storage.write(`${folder('10')}records_updated.0.parquet`, new Uint8Array(8));
    await storage.write(`${folder('11')}metadata.json`, metadata('2026-12-07T00:00:00Z'));
    await storage.write(`${folder('11')}records_updated.0.parquet`, new Uint8Array(8));
    const runs = await listRunInfos(storage, '', '1', '2');
    expect(runs.map((run) => [run.runId, run.inProgress])).toEqual([
      ['11', true],
      ['10', false],
    ]);
  });
});
