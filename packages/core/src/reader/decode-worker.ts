// The decode worker: opens one row group with parquet-wasm from bytes the main thread fetched,
// runs a kernel on it and posts the result back. A wasm panic (corrupt page) kills only this
// worker; the pool reports it as an InvalidDataError naming the file and starts a fresh one.
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { parentPort } from 'node:worker_threads';
import { runAggregate, runSelect } from './decode-kernels.js';
import type { DecodeRange, DecodeTask, FetchReply, WorkerMessage } from './decode-protocol.js';

const port = parentPort;
if (port === null) throw new Error('decode-worker must run in a worker thread');

const pendingFetches = new Map<string, (bytes: Uint8Array | null) => void>();

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

/**
 * The object parquet-wasm's `ParquetFile.fromFile` reads from: `size` and `slice(start, end)`.
 * It serves prefetched ranges and asks the main thread for anything else; it never rejects
 * (a rejection inside wasm panics), answering a storage failure with no bytes instead.
 */
class PrefetchedSource {
  constructor(
    readonly size: number,
    private readonly ranges: DecodeRange[],
    private readonly taskId: number,
  ) {}

  slice(start: number, end: number) {
    return { arrayBuffer: () => this.bytes(start, Math.min(end, this.size)) };
  }

  private async bytes(start: number, end: number): Promise<ArrayBuffer> {
    const assembled = this.assemble(start, end);
    if (assembled !== null) return assembled;
    const fetched = await new Promise<Uint8Array | null>((resolve) => {
      pendingFetches.set(`${this.taskId}:${start}`, resolve);
      post({ type: 'fetch', id: this.taskId, start, end });
    });
    if (fetched === null) return new ArrayBuffer(0);
    this.ranges.push({ offset: start, bytes: fetched });
    return fetched.buffer.slice(fetched.byteOffset, fetched.byteOffset + fetched.byteLength) as ArrayBuffer;
  }

  /** Serves [start, end) from the prefetched ranges, joining adjacent ones; null when a byte is missing. */
  private assemble(start: number, end: number): ArrayBuffer | null {
    const out = new Uint8Array(end - start);
    let at = start;
    while (at < end) {
      const range = this.ranges.find((candidate) => candidate.offset <= at && at < candidate.offset + candidate.bytes.length);
      if (range === undefined) return null;
      const from = at - range.offset;
      const take = Math.min(end - at, range.bytes.length - from);
      out.set(range.bytes.subarray(from, from + take), at - start);
      at += take;
    }
    return out.buffer;
  }
}

async function decode(task: DecodeTask): Promise<void> {
  const source = new PrefetchedSource(task.fileSize, task.ranges, task.id);
  const file = await parquet.ParquetFile.fromFile(source as unknown as Blob);
  try {
    const wasmTable = await file.read({
      columns: task.columns,
      rowGroups: [task.rowGroup],
      batchSize: Math.max(1024, task.numRows),
    });
    const table = tableFromIPC(wasmTable.intoIPCStream());
    const result = task.kernel.kind === 'select' ? runSelect(table, task.kernel) : runAggregate(table, task.kernel);
    post({ type: 'result', id: task.id, result });
  } finally {
    file.free();
  }
}

port.on('message', (message: DecodeTask | FetchReply) => {
  if (message.type === 'fetched') {
    const key = `${message.id}:${message.start}`;
    pendingFetches.get(key)?.(message.bytes);
    pendingFetches.delete(key);
    return;
  }
  decode(message).catch((error: unknown) => {
    post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  });
});
