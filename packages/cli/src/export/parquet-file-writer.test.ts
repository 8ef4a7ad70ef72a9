import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SyncRecord } from '@synctrack/core';
import { writeParquet } from './parquet-file-writer.js';

function record(index: number): SyncRecord {
  return {
    identifier: `id-${index}`,
    payload: { index },
    operation: 'upsert',
    status: 'succeeded',
    outcome: 'success',
    statusMessage: null,
    batchStartedAt: new Date(0),
    batchEndedAt: new Date(0),
    origin: { file: 'records_updated.0.parquet', batchType: 'records_updated', batchNumber: 0, rowIndex: index },
  };
}

class Collector extends Writable {
  bytes = 0;
  writes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    this.writes++;
    callback();
  }
}

describe('writeParquet', () => {
  it('emits row groups while records are still arriving', async () => {
    const output = new Collector();
    let produced = 0;
    let writesBeforeEnd = 0;
    async function* records() {
      for (; produced < 140_000; produced++) yield record(produced);
      writesBeforeEnd = output.writes;
    }
    await writeParquet(records(), output);
    expect(writesBeforeEnd).toBeGreaterThan(0);
    expect(output.writes).toBeGreaterThan(writesBeforeEnd);
  });

  it('rejects with the source’s error when records fail part-way, after row groups were written', async () => {
    const output = new Collector();
    async function* records() {
      for (let index = 0; index < 70_000; index++) yield record(index);
      throw new Error('the scan failed');
    }
    await expect(writeParquet(records(), output)).rejects.toThrow('the scan failed');
    expect(output.bytes).toBeGreaterThan(0);
  });

  it('rejects with the source’s error when it fails before the first batch', async () => {
    // eslint-disable-next-line require-yield
    async function* records(): AsyncGenerator<SyncRecord> {
      throw new Error('no such run');
    }
    await expect(writeParquet(records(), new Collector())).rejects.toThrow('no such run');
  });
});
