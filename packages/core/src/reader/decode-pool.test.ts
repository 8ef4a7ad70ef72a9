import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { DecodePool } from './decode-pool.js';
import type { AggregateResult, DecodeTask } from './decode-protocol.js';

const bytes = encodeParquet(new Table({ status: vectorFromArray(['succeeded', 'rejected', 'succeeded', null], new Utf8()) }));

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

  it('runs heavy tasks one at a time on one worker, so only one worker grows', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.decode(task(5000), noFetch)));
    expect(results).toHaveLength(6);
    expect(workers(pool)).toBe(1);
  });
});
