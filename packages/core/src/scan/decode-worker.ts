// The decode worker: decodes one row group from bytes the main thread fetched, runs a kernel on it
// and posts the result back. Column chunks of the common shapes (flat text and timestamps,
// uncompressed or snappy or gzip) are decoded in JavaScript; the rest, and payloads, through
// parquet-wasm, loaded on first need. A failure is described here, where the task's bytes still
// are (decode-failure.ts decides whether it is the file's or ours, checking the chunks again when
// the error alone cannot tell); a wasm panic is described the same way, then ends this worker,
// whose wasm instance is poisoned, and the pool starts a fresh one.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { decodedColumnSet } from './decoded-column-set.js';
import { JsDecoder } from './js-decode.js';
import { LATE_COLUMNS } from './late-columns.js';
import { chunkBytes } from './task-chunks.js';
import type { DecodeResult, DecodeTask, DecodeWorkerData, FetchReply, IndexKernel, IndexResult, WorkerMessage } from './decode-protocol.js';
import { giveBackLines } from '../records/record-lines.js';
import { finishResult, resultBuffers } from './finish-result.js';
import { hashIdentifierBytes } from './identifier-hash.js';
import type { IdentifierEntriesRequest } from './identifier-entries.js';
import { entriesColumns, entriesFromChunks, entriesResult, textColumns } from './identifier-entries-task.js';
import { mapValues, UnmappableChunkError, type ValueMap } from '../parquet/value-map.js';
import type { Utf8Access } from '../parquet/utf8-access.js';
import { describeFailure, markInternalError, markParquetWasmError } from './decode-failure.js';
import { POISONED_EXIT_CODE } from './decode-protocol.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import { comparePartitionTask } from './partition-task.js';

type WasmDecode = typeof import('./wasm-decode.js');
let wasmDecode: Promise<WasmDecode> | null = null;
/**
 * parquet-wasm and Arrow, imported on first need: a worker the JavaScript decoder serves never pays
 * for them (~0.15 s of each worker's start).
 */
function wasm(): Promise<WasmDecode> {
  // A module that cannot load is our environment's failure, whatever error it comes as.
  wasmDecode ??= import('./wasm-decode.js').catch((error: unknown) => {
    throw markInternalError(new Error(`parquet-wasm could not be loaded (${(error as Error)?.message ?? String(error)})`, { cause: error }));
  });
  return wasmDecode;
}

/** Runs a parquet-wasm read: what it rejects with is its verdict on the file's bytes (see decode-failure.ts). */
async function parquetWasm<T>(read: (module: WasmDecode) => Promise<T>): Promise<T> {
  const module = await wasm();
  try {
    return await read(module);
  } catch (error) {
    // A read that failed can still panic later, outside any task: this worker takes no more.
    poisoned = true;
    throw markParquetWasmError(error);
  }
}

/** parquet-wasm failed here: once the failure is reported, the worker ends (see POISONED_EXIT_CODE). */
let poisoned = false;

/** Bytes of the task's file outside what was prefetched, from the main thread (null when storage failed). */
function fetchMissing(task: DecodeTask, start: number, end: number): Promise<Uint8Array | null> {
  return new Promise((resolve) => {
    pendingFetches.set(`${task.id}:${start}`, resolve);
    post({ type: 'fetch', id: task.id, start, end });
  });
}

const port = parentPort;
if (port === null) throw new Error('decode-worker must run in a worker thread');

const { spareLines } = workerData as DecodeWorkerData;

/** Takes the lines memory the main thread has handed back so far. */
function takeSpareLines(): void {
  for (let received = receiveMessageOnPort(spareLines); received !== undefined; received = receiveMessageOnPort(spareLines)) {
    giveBackLines(received.message as ArrayBuffer);
  }
}

/** This worker's JavaScript decoder (its page memory is reused from task to task). */
const decoder = new JsDecoder();

const pendingFetches = new Map<string, (bytes: Uint8Array | null) => void>();

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

/** compareRuns' identifier entries (identifier-entries.ts); columns only parquet-wasm reads come from it. */
async function runEntries(task: DecodeTask, kernel: IndexKernel, request: IdentifierEntriesRequest): Promise<IndexResult> {
  const fromChunks = entriesFromChunks(decoder.begin(task), task, kernel, request);
  if (fromChunks !== null) return fromChunks;
  return parquetWasm(async (module) => {
    const texts = new Map<string, Utf8Access>();
    for (const column of entriesColumns(task, kernel, request)) {
      texts.set(column, await module.wasmTextColumn(task, (start, end) => fetchMissing(task, start, end), column));
    }
    return entriesResult(task, kernel, request, textColumns(task.numRows, texts), null);
  });
}

/** Hashes identifiers and maps value positions for the local index (JavaScript only). */
async function runIndex(task: DecodeTask, kernel: IndexKernel): Promise<IndexResult> {
  if (kernel.entries !== undefined) return runEntries(task, kernel, kernel.entries);
  const layout = (column: string) => task.chunks?.[task.columns.indexOf(column)] ?? null;
  const identifiers = decoder.begin(task).decode([kernel.identifierColumn]);
  // Identifiers only parquet-wasm reads (zstd, DELTA encodings) are hashed from its strings.
  const access =
    identifiers === null
      ? await parquetWasm((module) => module.wasmTextColumn(task, (start, end) => fetchMissing(task, start, end), kernel.identifierColumn))
      : decodedColumnSet(task.numRows, identifiers).text(kernel.identifierColumn);
  const rows: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const decoded = identifiers?.get(kernel.identifierColumn);
  for (let row = 0; row < task.numRows; row++) {
    if (access.isNull(row)) continue;
    let hash: [number, number];
    if (decoded?.kind === 'text') {
      const start = decoded.values.starts[row]!;
      hash = hashIdentifierBytes(decoded.values.bytes, start, start + decoded.values.lengths[row]!);
    } else {
      const bytes = new TextEncoder().encode(access.string(row)!);
      hash = hashIdentifierBytes(bytes, 0, bytes.length);
    }
    rows.push(row);
    high.push(hash[0]);
    low.push(hash[1]);
  }
  const maps: Record<string, ValueMap | null> = {};
  for (const column of kernel.mapColumns) {
    const chunk = layout(column);
    const bytes = chunk === null ? null : chunkBytes(task.ranges, chunk.start, chunk.end);
    try {
      maps[column] = chunk === null || bytes === null ? null : mapValues(chunk, bytes, task.numRows);
    } catch (error) {
      if (!(error instanceof UnmappableChunkError)) throw new Error(`column ${column}: ${(error as Error).message}`, { cause: error });
      maps[column] = null;
    }
  }
  return {
    kind: 'index',
    rowCount: task.numRows,
    rows: Uint32Array.from(rows),
    hashHigh: Uint32Array.from(high),
    hashLow: Uint32Array.from(low),
    maps,
  };
}

/** The kernel's result through the JavaScript decoder (and parquet-wasm for late columns); null to fall back. */
async function decodeWithJs(task: DecodeTask): Promise<DecodeResult | null> {
  const kernel = task.kernel;
  if (kernel.kind === 'partition') return comparePartitionTask(task, kernel);
  if (kernel.kind === 'index') return await runIndex(task, kernel);
  if (kernel.kind === 'aggregate') return decoder.run(task, kernel);
  const late = kernel.output.filter((column) => LATE_COLUMNS.has(column) && task.columns.includes(column));
  // Payloads are read for the selected rows only: PLAIN ones through a window, others decoded
  // whole; those the JavaScript decoder cannot read (zstd, …) come from parquet-wasm, which copies
  // out only the wanted rows.
  const result = decoder.run(task, kernel, late);
  if (result === null || result.kind !== 'select') return result;
  const missing = late.filter((column) => result.columns[column] === undefined);
  if (missing.length > 0) {
    Object.assign(result.columns, await parquetWasm((module) => module.wasmLateColumns(task, (start, end) => fetchMissing(task, start, end), missing, result.rowIndexes)));
  }
  return result;
}

async function decode(task: DecodeTask): Promise<void> {
  const kernel = task.kernel;
  if (kernel.kind === 'index' && task.chunks === undefined) throw new Error('an index task needs chunk layouts');
  // With `js-decoder` off, parquet-wasm answers every select and aggregate (an index has no other
  // path; a partition reads no file).
  const js = kernel.kind === 'partition' || (task.chunks !== undefined && (kernel.kind === 'index' || fastPathOn('js-decoder')));
  const decoded =
    (js ? await decodeWithJs(task) : null) ??
    (await parquetWasm((module) => module.wasmDecode(task, (start, end) => fetchMissing(task, start, end))));
  takeSpareLines();
  const result = finishResult(decoded, kernel);
  // Nothing reads the task's bytes any more: they go back to the main thread for its next reads.
  const buffers = [...new Set(task.ranges.map((range) => range.bytes.buffer as ArrayBuffer))];
  port!.postMessage({ type: 'result', id: task.id, result, buffers } satisfies WorkerMessage, [...buffers, ...resultBuffers(result)]);
}

/** The task running now; the next starts when it ends. */
let turn: Promise<void> = Promise.resolve();
/** The task whose decoding has started and not ended: a panic is its. */
let running: DecodeTask | null = null;

// parquet-wasm panics (`RuntimeError: unreachable`) outside the promise of the read that caused it.
// The task is described while its bytes are still here; then the worker ends (its wasm instance is
// poisoned) and the pool starts another. A failure outside any task, unless a failed read explains
// it, ends the worker as it would have ended anyway (the pool then rechecks the task it waited for).
process.on('uncaughtException', (error) => {
  if (running === null) {
    if (!poisoned) console.error(error);
    process.exit(poisoned ? POISONED_EXIT_CODE : 1);
  }
  // Describing rechecks the bytes; if even that fails, the pool rechecks them itself.
  try {
    post({ type: 'failed', id: running.id, failure: describeFailure(running, error) });
  } catch {
    process.exit(1);
  }
  process.exit(POISONED_EXIT_CODE);
});

port.on('message', (message: DecodeTask | FetchReply) => {
  if (message.type === 'fetched') {
    const key = `${message.id}:${message.start}`;
    pendingFetches.get(key)?.(message.bytes);
    pendingFetches.delete(key);
    return;
  }
  // One task at a time, in the order sent: a task waits while the one before awaits bytes it fetches.
  const task = message;
  turn = turn.then(() => {
    running = task;
    return decode(task)
      .catch((error: unknown) => {
        post({ type: 'failed', id: task.id, failure: describeFailure(task, error) });
      })
      .finally(() => {
        running = null;
        if (poisoned) process.exit(POISONED_EXIT_CODE);
      });
  });
});

post({ type: 'ready', id: 0 });
