// `synctrack runs` when one run's metadata.json or folder cannot be read: every readable run is
// listed with its counts, the unreadable one with its error (code and message), and the exit code
// says something failed.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStorage, PermissionDeniedError, SyncRunWriter, type ReadOptions, type StorageAdapter } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { EXIT_CODES } from '../src/exit-codes.js';
import { jsonLines, synctrack } from './cli-harness.js';

async function writeRuns(storage: StorageAdapter): Promise<void> {
  for (const [at, runId] of ['r1', 'r2', 'r3'].entries()) {
    const writer = new SyncRunWriter({ storage, run: { orgId: 'o', syncId: 's', runId } });
    await writer.writeMetadata({ run_started_at: `2026-11-0${at + 1}T00:00:00Z` });
    await writer.writeBatch('records_updated', [
      { identifier: `${runId}-1`, payload: { a: 1 }, operation: 'upsert', status: 'succeeded', batchStartedAt: null, batchEndedAt: null },
      { identifier: `${runId}-2`, payload: { a: 2 }, operation: 'upsert', status: 'rejected', statusMessage: 'no', batchStartedAt: null, batchEndedAt: null },
    ]);
  }
}

/** Memory storage that denies reading r2's metadata.json. */
class OneKeyDenied extends MemoryStorage {
  override async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    if (key.endsWith('/r2/metadata.json')) throw new PermissionDeniedError({ message: `Permission denied: ${key}`, context: { key } });
    return super.read(key, options);
  }
}

describe('synctrack runs with one unreadable run', () => {
  it('lists the others and marks it (--json)', async () => {
    const storage = new OneKeyDenied();
    await writeRuns(storage);
    const result = await synctrack(['runs', 's3://bucket', '--json'], { openStorage: async () => ({ storage, prefix: '' }) });
    const lines = jsonLines(result.stdout) as Array<Record<string, unknown>>;
    expect(lines.map((line) => line.run_id)).toEqual(['r3', 'r1', 'r2']);
    expect(lines.slice(0, 2).map((line) => [line.total, line.error])).toEqual([
      [2, null],
      [2, null],
    ]);
    expect(lines[2]).toMatchObject({ run_id: 'r2', total: null, error: { code: 'PERMISSION_DENIED', message: expect.stringContaining('r2/metadata.json') } });
    expect(result.exitCode).toBe(EXIT_CODES.permission);
  });

  it('lists the others and marks it (table)', async () => {
    const storage = new OneKeyDenied();
    await writeRuns(storage);
    const result = await synctrack(['runs', 's3://bucket'], { openStorage: async () => ({ storage, prefix: '' }) });
    const rows = result.stdout.trimEnd().split('\n');
    expect(rows.find((row) => /\br3\b/.test(row))).toMatch(/\b2\b/);
    expect(rows.find((row) => /\br1\b/.test(row))).toMatch(/\b2\b/);
    expect(rows.find((row) => /\br2\b/.test(row))).toMatch(/Permission denied/);
    expect(result.exitCode).toBe(EXIT_CODES.permission);
  });

  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  // chmod does not deny root.
  it.skipIf(process.getuid?.() === 0)('on a real folder with a metadata.json chmod 000', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-runs-'));
    dirs.push(dir);
    await writeRuns(createFsStorage({ root: dir }));
    const metadata = join(dir, 'sync_tracking_datasets/o/s/r2/metadata.json');
    await chmod(metadata, 0o000);
    try {
      const result = await synctrack(['runs', dir, '--json']);
      const lines = jsonLines(result.stdout) as Array<Record<string, unknown>>;
      expect(lines.map((line) => line.run_id).sort()).toEqual(['r1', 'r2', 'r3']);
      expect(lines.find((line) => line.run_id === 'r2')).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
      expect(result.exitCode).toBe(EXIT_CODES.permission);
    } finally {
      await chmod(metadata, 0o644);
    }
  });
});
