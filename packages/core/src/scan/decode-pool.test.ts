import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { InvalidDataError } from '../errors/invalid-data-error.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DecodePool } from './decode-pool.js';
import { groupEntries } from './group-list.js';
import { JsDecoder } from './js-decode.js';
import { readParquetFooter } from '../parquet/parquet-footer.js';
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

/** `task` over `file` (snappy or zstd), with its chunk layouts: the JavaScript decoder reads snappy, not zstd. */
async function tasksWithLayouts(file: Uint8Array): Promise<() => Omit<DecodeTask, 'id' | 'type'>> {
  const storage = new MemoryStorage();
  await storage.write('test.parquet', file);
  const footer = await readParquetFooter(storage, 'test.parquet', { size: file.length });
  const layout = footer.rowGroups[0]!.chunkLayouts.get('status')!;
  // Each task's bytes are its own: they are transferred to a worker or recycled.
  return () => ({ ...task(10), fileSize: file.length, ranges: [{ offset: 0, bytes: file.slice() }], chunks: [layout] });
}

const statusCounts = (result: AggregateResult) => new Map(groupEntries(result.groups[0]!).map((group) => [group.key[0], group.count]));

const noFetch = async () => {
  throw new Error('every byte was prefetched');
};

describe('DecodePool', () => {
  let pool: DecodePool;
  afterEach(async () => {
    await pool?.close();
  });

  it('spreads light tasks over its workers', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.decode(task(10), noFetch)));
    expect(results.map((result) => (result as AggregateResult).matched)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(pool.runningWorkers).toBe(2);
  });

  it('releases idle workers, keeps a busy one, and starts workers again on demand', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000, inlineTaskBytes: 0 });
    await Promise.all(Array.from({ length: 4 }, () => pool.decode(task(10), noFetch)));
    expect(pool.runningWorkers).toBe(2);
    await pool.release();
    expect(pool.runningWorkers).toBe(0);
    const busy = pool.decode(task(10), noFetch);
    await pool.release();
    expect(pool.runningWorkers).toBe(1);
    expect(((await busy) as AggregateResult).matched).toBe(4);
    const again = await Promise.all(Array.from({ length: 4 }, () => pool.decode(task(10), noFetch)));
    expect(again.map((result) => (result as AggregateResult).matched)).toEqual([4, 4, 4, 4]);
  });

  it('runs heavy tasks one at a time on one worker, so only one worker grows', async () => {
    pool = new DecodePool({ size: 2, heavyTaskBytes: 1000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.decode(task(5000), noFetch)));
    expect(results).toHaveLength(6);
    expect(pool.runningWorkers).toBe(1);
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
    expect(pool.runningWorkers).toBe(0);
    // The same task with a scrambled chunk: a typed error naming the file, still without a worker.
    const corrupt = bytes.slice();
    for (let at = layout.start + 2; at < layout.end; at++) corrupt[at] = 0xfe;
    const failure = pool.decode({ ...small, ranges: [{ offset: 0, bytes: corrupt }] }, noFetch);
    await expect(failure).rejects.toThrow(InvalidDataError);
    await expect(failure).rejects.toThrow(/memory:\/\/test\.parquet: row group 0/);
    expect(pool.runningWorkers).toBe(0);
  });

  describe('with callerDecodes', () => {
    it('decodes on the calling thread and one worker, with the same results', async () => {
      const snappy = await tasksWithLayouts(await encodeParquet(new Table({ status: vectorFromArray(['succeeded', 'rejected', 'succeeded', null], new Utf8()) }), { compression: 'snappy' }));
      pool = new DecodePool({ callerDecodes: true, inlineTaskBytes: 0 });
      expect(pool.decoders).toBe(pool.size + 1);
      // The calling thread's decoder is this module's JsDecoder; the worker's runs in its own thread.
      const onCaller = vi.spyOn(JsDecoder.prototype, 'run');
      try {
        const results = await Promise.all(Array.from({ length: 12 }, (_, index) => pool.decode(index % 3 === 0 ? task(10) : snappy(), noFetch)));
        for (const result of results) {
          expect(statusCounts(result as AggregateResult)).toEqual(new Map([['succeeded', 2], ['rejected', 1], [null, 1]]));
        }
        // Tasks without chunk layouts (a third of them) are the workers' alone.
        expect(onCaller.mock.calls.length).toBeGreaterThan(0);
        expect(onCaller.mock.calls.length).toBeLessThanOrEqual(8);
        expect(pool.runningWorkers).toBeLessThanOrEqual(pool.size);
      } finally {
        onCaller.mockRestore();
      }
    });

    it('hands a worker what the calling thread cannot decode (zstd)', async () => {
      const zstd = await tasksWithLayouts(bytes);
      pool = new DecodePool({ callerDecodes: true, inlineTaskBytes: 0 });
      const onCaller = vi.spyOn(JsDecoder.prototype, 'run');
      try {
        const results = await Promise.all(Array.from({ length: 4 }, () => pool.decode(zstd(), noFetch)));
        expect(results.map((result) => (result as AggregateResult).matched)).toEqual([4, 4, 4, 4]);
        expect(onCaller.mock.calls.length).toBeGreaterThan(0);
        expect(onCaller.mock.results.every((call) => call.value === null)).toBe(true);
        expect(pool.runningWorkers).toBe(1);
      } finally {
        onCaller.mockRestore();
      }
    });

    it('fails only the corrupt task when tasks wait behind it in its worker', async () => {
      pool = new DecodePool({ callerDecodes: true, size: 1, inlineTaskBytes: 0 });
      const corrupt = bytes.slice();
      for (let at = 4; at < corrupt.length - 200; at++) corrupt[at] = 0xfe;
      // No chunk layouts: every task is the worker's, sent to it two at a time. A worker whose
      // parquet-wasm failed ends after reporting it; the task waiting in it is read again.
      const fetch = async (start: number, end: number) => bytes.slice(start, end);
      const jobs = [pool.decode({ ...task(10), ranges: [{ offset: 0, bytes: corrupt }] }, noFetch), pool.decode(task(10), fetch), pool.decode(task(10), fetch)];
      await expect(jobs[0]).rejects.toThrow(InvalidDataError);
      expect(((await jobs[1]) as AggregateResult).matched).toBe(4);
      expect(((await jobs[2]) as AggregateResult).matched).toBe(4);
    });

    it('when a worker dies, fails its running task and hands the one waiting behind it to a new worker', async () => {
      pool = new DecodePool({ callerDecodes: true, size: 1, inlineTaskBytes: 0 });
      // The task waiting in the dead worker lost its bytes with it: the pool reads them again.
      const reads: Array<[number, number]> = [];
      const fetch = async (start: number, end: number) => {
        reads.push([start, end]);
        return bytes.slice(start, end);
      };
      const jobs = [pool.decode(task(10), fetch), pool.decode(task(10), fetch), pool.decode(task(10), fetch)];
      const [slot] = (pool as unknown as { slots: Array<{ worker: Worker; jobs: unknown[] }> }).slots;
      expect(slot!.jobs).toHaveLength(2);
      await slot!.worker.terminate();
      // Its bytes are read again to check them before the file is blamed; parquet-wasm's chunks
      // (these tasks have no JavaScript layouts) cannot be checked, and the message says so.
      await expect(jobs[0]).rejects.toThrow(/could not be read \(decode worker exited with code \d\)\. The file is probably corrupt, but the pages of .* could not be checked again/);
      expect(((await jobs[1]) as AggregateResult).matched).toBe(4);
      expect(((await jobs[2]) as AggregateResult).matched).toBe(4);
      expect(reads).toEqual([[0, bytes.length], [0, bytes.length]]);
      expect(pool.runningWorkers).toBe(1);
    });
  });
});
