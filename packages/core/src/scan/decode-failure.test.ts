// Whose fault a decode failure is: the file's (INVALID_DATA naming file, row group and column) or
// synctrack's and its environment's (INTERNAL, asking for a report); a failure whose kind proves
// nothing is decided by checking the chunk again.
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { classifyFailure, decodeFailureError, describeFailure, markInternalError, markParquetWasmError } from './decode-failure.js';
import type { DecodeTask } from './decode-protocol.js';
import { PageDecodeError } from '../parquet/page-decoder.js';
import { readParquetFooter } from '../parquet/parquet-footer.js';
import { RleError } from '../parquet/rle-hybrid.js';
import { SnappyError } from '../parquet/snappy.js';

const values = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? null : `status-${i % 7}`));

/** A task over one text column, written with `compression`; with its layout unless the JavaScript decoder cannot read it. */
async function statusTask(compression: 'snappy' | 'zstd', damage?: (bytes: Uint8Array, start: number, end: number) => void): Promise<DecodeTask> {
  const file = await encodeParquet(new Table({ status: vectorFromArray(values, new Utf8()) }), { compression, dictionaryColumns: [] });
  const storage = new MemoryStorage();
  await storage.write('t.parquet', file);
  const footer = await readParquetFooter(storage, 't.parquet');
  const [span] = footer.rowGroups[0]!.columnSpans.get('status')!;
  damage?.(file, span!.start, span!.end);
  return {
    type: 'decode',
    id: 1,
    file: 'memory://t.parquet',
    fileSize: file.length,
    rowGroup: 0,
    numRows: values.length,
    columns: ['status'],
    ranges: [{ offset: 0, bytes: file }],
    kernel: { kind: 'aggregate', predicate: {}, groupings: [['status']] },
    weight: 1,
    chunks: [footer.rowGroups[0]!.chunkLayouts.get('status') ?? null],
  };
}

const panic = () => new WebAssembly.RuntimeError('unreachable');

describe('decode failures', () => {
  it('our decoders’ complaints, zlib’s and parquet-wasm’s read errors are the file’s', () => {
    for (const error of [new PageDecodeError('page claims -1 bytes'), new RleError('run past the data'), new SnappyError('bad copy')]) {
      expect(classifyFailure(error)).toBe('data');
      expect(classifyFailure(new Error(`column status: ${error.message}`, { cause: error }))).toBe('data');
    }
    expect(classifyFailure(Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' }))).toBe('data');
    expect(classifyFailure(markParquetWasmError(new Error('Parquet error: Invalid page header')))).toBe('data');
    expect(classifyFailure(markParquetWasmError('EOF: out of bytes'))).toBe('data');
  });

  it('parquet-wasm’s complaint names the column where the JavaScript decoder finds the defect', async () => {
    const task = await statusTask('snappy', (bytes, start, end) => bytes.fill(0xff, start + 40, end - 4));
    const error = decodeFailureError(task, describeFailure(task, markParquetWasmError(new Error('Parquet error: Invalid page'))));
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toBe('memory://t.parquet: row group 0 could not be read: column status: Parquet error: Invalid page');
  });

  it('code that does not run, a module or worker that cannot load, memory and the stack are ours', () => {
    for (const error of [
      new TypeError("Cannot read properties of undefined (reading 'length')"),
      new ReferenceError('outputColumns is not defined'),
      new RangeError('Maximum call stack size exceeded'),
      new RangeError('Array buffer allocation failed'),
      Object.assign(new Error("Cannot find module '/x/decode-worker.js'"), { code: 'ERR_MODULE_NOT_FOUND' }),
      Object.assign(new Error('Worker terminated due to reaching memory limit'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }),
      markInternalError(new Error('parquet-wasm could not be loaded')),
      // parquet-wasm's own JavaScript failing with a TypeError is a bug, not the file's bytes.
      markParquetWasmError(new TypeError('x is not a function')),
    ]) {
      expect(classifyFailure(error), String(error)).toBe('internal');
    }
  });

  it('a panic proves nothing by itself: a defect the JavaScript decoder finds is the file’s, named by column', async () => {
    const task = await statusTask('snappy', (bytes, start, end) => bytes.fill(0xff, start + 40, end - 4));
    expect(classifyFailure(panic())).toBe('unknown');
    const error = decodeFailureError(task, describeFailure(task, panic()));
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toMatch(/^memory:\/\/t\.parquet: row group 0 could not be read: column status: /);
    expect(error.context).toEqual({ file: 'memory://t.parquet', rowGroup: 0 });
  });

  it('a panic on pages that all check out is ours', async () => {
    const task = await statusTask('snappy');
    const error = decodeFailureError(task, describeFailure(task, panic()));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/failed \(unreachable\) although every page of it checks out: .*please report it/);
  });

  it('a panic on pages that cannot be checked (zstd) blames the file without claiming certainty', async () => {
    const task = await statusTask('zstd');
    expect(task.chunks).toEqual([null]);
    const error = decodeFailureError(task, describeFailure(task, panic()));
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toMatch(/could not be read \(unreachable\)\. The file is probably corrupt, but the pages of status could not be checked again: if other Parquet readers read this file, please report it/);
  });

  it('INTERNAL keeps the original error as its cause, for --debug', async () => {
    const task = await statusTask('snappy');
    const bug = new TypeError('boom');
    const error = decodeFailureError(task, describeFailure(task, bug));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('failed inside synctrack (boom)');
    // Across a worker only the description travels: the stack comes back as the cause's.
    const crossed = decodeFailureError(task, structuredClone(describeFailure(task, bug)));
    expect((crossed.cause as Error).stack).toBe(bug.stack);
  });
});
