import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { InvalidDataError } from '../errors/invalid-data-error.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DecodePool } from './decode-pool.js';
import { groupEntries } from './group-list.js';
import { readParquetFooter } from './parquet-footer.js';
import type { AggregateResult, DecodeTask } from './decode-protocol.js';

const bytes = await encodeParquet(new Table({ status: vectorFromArray(['succeeded', 'rejected', 'succeeded', null], new Utf8()) }));

function task(weight: number): Omit<DecodeTask, 'id' | 'type'> {
  return {
    file: 'memory://test.parquet',
    fileSize: bytes.length,
    rowGroup: 0,
    numRows: 4,
    columns: ['status'],
    ranges: [{ offset: 0, bytes: bytes.slice() }],
    kernel: { kind: 'aggregate', predicate: {}, groupings: [['status']] },
    weight,
  };
}

const noFetch = async () => {
  throw new Error('every byte was prefetched');
};

/** How many worker threads the pool has started (a private detail, read for the test's sake). */
const workers = (pool: DecodePool) => (pool as unknown as { slots: unknown[] }).slots.length;

describe('DecodePool', () => {
  let pool: DecodePool;
  afterEach(async () => {
    await pool?.close();
  });

  it('spreads light tasks over its workers', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.decode(task(10), noFetch)));
    expect(results.map((result) => (result as AggregateResult).matched)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(workers(pool)).toBe(2);
  });

  it('releases idle workers, keeps a busy one, and starts workers again on demand', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000, inlineTaskBytes: 0 });
    await Promise.all(Array.from({ length: 4 }, () => pool.decode(task(10), noFetch)));
    expect(workers(pool)).toBe(2);
    await pool.release();
    expect(workers(pool)).toBe(0);
    const busy = pool.decode(task(10), noFetch);
    await pool.release();
    expect(workers(pool)).toBe(1);
    expect(((await busy) as AggregateResult).matched).toBe(4);
    const again = await Promise.all(Array.from({ length: 4 }, () => pool.decode(task(10), noFetch)));
    expect(again.map((result) => (result as AggregateResult).matched)).toEqual([4, 4, 4, 4]);
  });

  it('runs heavy tasks one at a time on one worker, so only one worker grows', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.decode(task(5000), noFetch)));
    expect(results).toHaveLength(6);
    expect(workers(pool)).toBe(1);
  });

  it('answers small tasks the JavaScript decoder can read on the calling thread, and names the file when one is corrupt', async () => {
    // Snappy and dictionary-encoded, as DuckDB writes a status column.
    const bytes = await encodeParquet(new Table({ status: vectorFromArray(['succeeded', 'rejected', 'succeeded', null], new Utf8()) }), {
      compression: 'snappy',
      dictionaryColumns: ['status'],
    });
    const storage = new MemoryStorage();
    await storage.write('test.parquet', bytes);
    const footer = await readParquetFooter(storage, 'test.parquet', { size: bytes.length });
    const layout = footer.rowGroups[0]!.chunkLayouts.get('status')!;
    expect(layout).toBeTruthy();
    pool = new DecodePool({ size: 2 });
    const small = { ...task(10), fileSize: bytes.length, ranges: [{ offset: 0, bytes: bytes.slice() }], chunks: [layout] };
    const result = (await pool.decode(small, noFetch)) as AggregateResult;
    expect(result.matched).toBe(4);
    expect(new Map(groupEntries(result.groups[0]!).map((group) => [group.key[0], group.count]))).toEqual(
      new Map([['succeeded', 2], ['rejected', 1], [null, 1]]),
    );
    expect(workers(pool)).toBe(0);
    // The same task with a scrambled chunk: a typed error naming the file, still without a worker.
    const corrupt = bytes.slice();
    for (let at = layout.start + 2; at < layout.end; at++) corrupt[at] = 0xfe;
    const failure = pool.decode({ ...small, ranges: [{ offset: 0, bytes: corrupt }] }, noFetch);
    await expect(failure).rejects.toThrow(InvalidDataError);
    await expect(failure).rejects.toThrow(/memory:\/\/test\.parquet: row group 0/);
    expect(workers(pool)).toBe(0);
  });
});
