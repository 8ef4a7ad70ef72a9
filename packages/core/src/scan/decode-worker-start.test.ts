import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { DecodePool } from './decode-pool.js';
import type { AggregateResult } from './decode-protocol.js';
import { prestartDecodeWorker, takePrestarted } from './decode-worker-start.js';

const bytes = await encodeParquet(new Table({ status: vectorFromArray(['succeeded', 'rejected', null], new Utf8()) }));
const task = () => ({
  file: 'memory://test.parquet',
  fileSize: bytes.length,
  rowGroup: 0,
  numRows: 3,
  columns: ['status'],
  ranges: [{ offset: 0, bytes: bytes.slice() }],
  kernel: { kind: 'aggregate' as const, predicate: {}, groupings: [['status']] },
  weight: 10,
});
const noFetch = async () => {
  throw new Error('every byte was prefetched');
};

describe('a prestarted decode worker', () => {
  let pool: DecodePool | undefined;
  afterEach(async () => {
    await pool?.close();
    takePrestarted(DecodePool.defaultWorkerUrl)?.worker.terminate();
  });

  it('is taken over by the first pool that starts a worker of its module, loaded or not', async () => {
    for (const waitForReady of [true, false]) {
      prestartDecodeWorker(DecodePool.defaultWorkerUrl);
      if (waitForReady) await new Promise((resolve) => setTimeout(resolve, 1500));
      pool = new DecodePool({ size: 1, inlineTaskBytes: 0 });
      const result = (await pool.decode(task(), noFetch)) as AggregateResult;
      expect(result.matched).toBe(3);
      expect(pool.runningWorkers).toBe(1);
      // Taken: nothing is left to take, and the pool's worker answers as its own.
      expect(takePrestarted(DecodePool.defaultWorkerUrl)).toBeUndefined();
      expect(((await pool.decode(task(), noFetch)) as AggregateResult).matched).toBe(3);
      await pool.close();
      pool = undefined;
    }
  });

  it('is left alone by a pool of another module, and started once at a time', async () => {
    prestartDecodeWorker(DecodePool.defaultWorkerUrl);
    prestartDecodeWorker(DecodePool.defaultWorkerUrl);
    // The same file named by its path: to the pool, another module.
    pool = new DecodePool({ size: 1, inlineTaskBytes: 0, workerUrl: fileURLToPath(DecodePool.defaultWorkerUrl) });
    expect(((await pool.decode(task(), noFetch)) as AggregateResult).matched).toBe(3);
    const left = takePrestarted(DecodePool.defaultWorkerUrl);
    expect(left).toBeDefined();
    await left!.worker.terminate();
    expect(takePrestarted(DecodePool.defaultWorkerUrl)).toBeUndefined();
  });
});
