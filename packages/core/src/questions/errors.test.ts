// errors' held examples (scan/held-keys.ts): once a message has all its examples, later row groups
// send none for any message of its hash. Two messages here share one (the byte table's hash of
// their bytes, found by a search over such messages): the later one's examples are skipped by the
// worker, found short by the merge and read again, and the answer is the one without held keys.
import { afterAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient } from '../client/sync-tracking-client.js';
import { FAST_PATHS_VARIABLE } from '../parquet/fast-paths.js';
import { foldDictionary } from '../parquet/byte-table.js';
import { DecodePool } from '../scan/decode-pool.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import type { ReadOptions } from '../storage/storage-adapter.js';
import { SyncRunWriter, type SyncRecordInput } from '../writer/sync-run-writer.js';

const FIRST = 'Rejected: field value 8335 is invalid';
const SAME_HASH = 'Rejected: field value 20216 is invalid';
const OTHER = 'Rejected: field value 20217 is invalid';
const ROWS_PER_GROUP = 400;

/** Counts the reads of record files. */
class CountingStorage extends MemoryStorage {
  reads = 0;
  override async read(key: string, options?: ReadOptions): Promise<Uint8Array> {
    if (key.endsWith('.parquet')) this.reads++;
    return super.read(key, options);
  }
}

function hashOf(text: string): number {
  const bytes = new TextEncoder().encode(text);
  return foldDictionary({ bytes, starts: Int32Array.of(0), lengths: Int32Array.of(bytes.length) }, true).hashes![0]!;
}

/**
 * One file of ten row groups of 400 records: the first holds `FIRST` ten times (its five examples
 * complete there), each one a message of its own ten times, the ninth `later` seven times too: few
 * enough rejected records for the path that picks them from the pages. A pool of one worker keeps
 * four row groups in flight: the ninth is sent after the first was merged.
 */
async function runWith(later: string) {
  const storage = new CountingStorage();
  const run = { orgId: 'o', syncId: 's', runId: 'r' };
  const records: SyncRecordInput[] = [];
  for (let row = 0; row < 10 * ROWS_PER_GROUP; row++) {
    const group = Math.floor(row / ROWS_PER_GROUP);
    const at = row % ROWS_PER_GROUP;
    const message = group === 0 && at < 10 ? FIRST : group === 8 && at % 57 === 3 ? later : at % 40 === 20 ? `filler ${group}` : null;
    records.push({
      identifier: `id-${row}`,
      payload: { row },
      operation: 'upsert',
      status: message === null ? 'succeeded' : 'rejected',
      statusMessage: message,
      batchStartedAt: new Date(Date.UTC(2026, 0, 1)),
      batchEndedAt: new Date(Date.UTC(2026, 0, 1, 0, 1)),
    });
  }
  await new SyncRunWriter({ storage, run, compression: 'snappy', rowGroupSize: ROWS_PER_GROUP }).writeBatch('records_updated', records);
  return { storage, run };
}

async function errorsWith(later: string, switches: string | undefined) {
  const { storage, run } = await runWith(later);
  if (switches === undefined) delete process.env[FAST_PATHS_VARIABLE];
  else process.env[FAST_PATHS_VARIABLE] = switches;
  const decodePool = new DecodePool({ size: 1 });
  try {
    const client = new SyncTrackingClient({ storage, decodePool });
    const before = storage.reads;
    const groups = await client.errors(run);
    return { groups, reads: storage.reads - before };
  } finally {
    await decodePool.close();
    delete process.env[FAST_PATHS_VARIABLE];
  }
}

afterAll(() => {
  delete process.env[FAST_PATHS_VARIABLE];
});

describe('errors with held examples', () => {
  it('the two messages share a hash, and a third does not', () => {
    expect(hashOf(SAME_HASH)).toBe(hashOf(FIRST));
    expect(hashOf(OTHER)).not.toBe(hashOf(FIRST));
  });

  it('reads a row group again for a message whose examples a worker skipped for its hash, and answers as without held keys', async () => {
    const on = await errorsWith(SAME_HASH, undefined);
    const off = await errorsWith(SAME_HASH, '-held-examples');
    expect(on.groups).toEqual(off.groups);
    const later = on.groups.find((group) => group.statusMessage === SAME_HASH)!;
    expect(later).toEqual({ statusMessage: SAME_HASH, count: 7, examples: ['id-3203', 'id-3260', 'id-3317', 'id-3374', 'id-3431'] });
    expect(on.groups.find((group) => group.statusMessage === FIRST)!.examples).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    // The ninth row group was read twice.
    expect(on.reads).toBeGreaterThan(off.reads);
  }, 60_000);

  it('reads nothing again when no hash is shared', async () => {
    const on = await errorsWith(OTHER, undefined);
    const off = await errorsWith(OTHER, '-held-examples');
    expect(on.groups).toEqual(off.groups);
    expect(on.groups.find((group) => group.statusMessage === OTHER)!.examples).toEqual(['id-3203', 'id-3260', 'id-3317', 'id-3374', 'id-3431']);
    expect(on.reads).toBe(off.reads);
  }, 60_000);
});
