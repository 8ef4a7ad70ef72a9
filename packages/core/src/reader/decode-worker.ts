// The decode worker: decodes one row group from bytes the main thread fetched, runs a kernel on it
// and posts the result back. Column chunks of the common shapes (flat text and timestamps,
// uncompressed or snappy or gzip) are decoded in JavaScript; the rest, and payloads, through
// parquet-wasm, loaded on first need. A wasm panic (corrupt page) kills only this worker; the
// pool reports it as an InvalidDataError naming the file and starts a fresh one.
import { tableFromIPC, type Table } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import { parentPort } from 'node:worker_threads';
import { arrowColumnSet } from './column-set.js';
import { decodedColumnSet } from './decoded-column-set.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { textColumnAccess } from './column-values.js';
import { runAggregate, runSelect } from './decode-kernels.js';
import { chunkBytes, JsDecoder } from './js-decode.js';
import { snappyBackend } from './snappy-block.js';
import type { AggregateKernel, CellValue, DecodeRange, DecodeResult, DecodeTask, FetchReply, IndexKernel, IndexResult, SelectKernel, SelectResult, WorkerMessage } from './decode-protocol.js';
import { hashIdentifierBytes } from '../index/identifier-hash.js';
import { mapValues, UnmappableChunkError, type ValueMap } from '../index/value-map.js';

type Parquet = typeof ParquetWasm;
let parquetModule: Promise<Parquet> | null = null;
/** parquet-wasm, instantiated on first use: scans the JavaScript decoder handles never pay for it. */
function loadParquet(): Promise<Parquet> {
  parquetModule ??= import('parquet-wasm');
  return parquetModule;
}

const port = parentPort;
if (port === null) throw new Error('decode-worker must run in a worker thread');

/** This worker's JavaScript decoder (its page memory is reused from task to task). */
const decoder = new JsDecoder();

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
    // A range fetched exactly as asked (a column chunk) is handed over as it is: parquet-wasm copies
    // it into its own memory, and a 25 MB payload chunk is not copied twice.
    for (const range of this.ranges) {
      const bytes = range.bytes;
      if (range.offset === start && bytes.length === end - start && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
        return bytes.buffer as ArrayBuffer;
      }
    }
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

/** Columns worth keeping in wasm memory and copying out row by row: the payload is ~97% of a file. */
const LATE_COLUMNS = new Set<string>([RECORD_COLUMNS.payload]);
/** Past this many wanted rows, one copy of the whole column beats copying runs of rows. */
const LATE_ROW_LIMIT = 2000;

async function readTable(file: ParquetWasm.ParquetFile, task: DecodeTask, columns: string[]): Promise<Table> {
  const wasmTable = await file.read({ columns, rowGroups: [task.rowGroup], batchSize: Math.max(1024, task.numRows) });
  return tableFromIPC(wasmTable.intoIPCStream());
}

/**
 * Late materialisation: the row test runs on the small columns; the payload is decoded in wasm
 * and only the wanted rows are copied out, in runs of consecutive rows.
 */
async function lateColumns(
  file: ParquetWasm.ParquetFile,
  task: DecodeTask,
  columns: string[],
  rows: number[],
): Promise<Record<string, CellValue[]>> {
  const out: Record<string, CellValue[]> = Object.fromEntries(columns.map((column) => [column, []]));
  if (rows.length === 0) return out;
  if (rows.length > LATE_ROW_LIMIT) {
    const table = await readTable(file, task, columns);
    for (const column of columns) {
      const access = textColumnAccess(table, column);
      for (const row of rows) out[column]!.push(access.string(row));
    }
    return out;
  }
  const wasmTable = await file.read({ columns, rowGroups: [task.rowGroup], batchSize: Math.max(1024, task.numRows) });
  try {
    const batches = wasmTable.recordBatches();
    const starts: number[] = [];
    let total = 0;
    for (const batch of batches) {
      starts.push(total);
      total += batch.numRows;
    }
    let index = 0;
    while (index < rows.length) {
      const first = rows[index]!;
      let batchIndex = starts.length - 1;
      while (batchIndex > 0 && starts[batchIndex]! > first) batchIndex--;
      const batch = batches[batchIndex]!;
      const batchEnd = starts[batchIndex]! + batch.numRows;
      let length = 1;
      while (index + length < rows.length && rows[index + length] === first + length && first + length < batchEnd) length++;
      const slice = tableFromIPC(batch.slice(first - starts[batchIndex]!, length).intoIPCStream());
      for (const column of columns) {
        const access = textColumnAccess(slice, column);
        for (let row = 0; row < length; row++) out[column]!.push(access.string(row));
      }
      index += length;
    }
    for (const batch of batches) batch.free();
  } finally {
    wasmTable.free();
  }
  return out;
}

/** Opens the task's file in parquet-wasm for `use`, and frees it after. */
async function withWasmFile<T>(task: DecodeTask, use: (file: ParquetWasm.ParquetFile) => Promise<T>): Promise<T> {
  const parquet = await loadParquet();
  const source = new PrefetchedSource(task.fileSize, task.ranges, task.id);
  const file = await parquet.ParquetFile.fromFile(source as unknown as Blob);
  try {
    return await use(file);
  } finally {
    file.free();
  }
}

function lateAndEarly(task: DecodeTask, kernel: SelectKernel): { late: string[]; early: string[] } {
  const late = kernel.output.filter((column) => LATE_COLUMNS.has(column) && task.columns.includes(column));
  return { late, early: task.columns.filter((column) => !late.includes(column)) };
}

async function decodeSelect(file: ParquetWasm.ParquetFile, task: DecodeTask, kernel: SelectKernel): Promise<SelectResult> {
  const { late, early } = lateAndEarly(task, kernel);
  if (late.length === 0 || early.length === 0) return runSelect(arrowColumnSet(await readTable(file, task, task.columns)), kernel);
  const result = runSelect(arrowColumnSet(await readTable(file, task, early)), { ...kernel, output: kernel.output.filter((column) => !late.includes(column)) });
  Object.assign(result.columns, await lateColumns(file, task, late, result.rowIndexes));
  return result;
}

/** Hashes identifiers and maps value positions for the local index (JavaScript only). */
async function runIndex(task: DecodeTask, kernel: IndexKernel): Promise<IndexResult> {
  const layout = (column: string) => task.chunks?.[task.columns.indexOf(column)] ?? null;
  const identifiers = decoder.begin(task).decode([kernel.identifierColumn]);
  // Identifiers only parquet-wasm reads (zstd, DELTA encodings) are hashed from its strings.
  const access =
    identifiers === null
      ? await withWasmFile(task, async (file) => arrowColumnSet(await readTable(file, task, [kernel.identifierColumn])).text(kernel.identifierColumn))
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
  if (kernel.kind === 'index') return await runIndex(task, kernel);
  if (kernel.kind === 'aggregate') return decoder.run(task, kernel);
  const late = kernel.output.filter((column) => LATE_COLUMNS.has(column) && task.columns.includes(column));
  // Payload pages are decompressed by the native snappy decoder while its budget lasts (see
  // snappy-block.ts): no wasm memory to grow, which a process that reads one row group's payloads
  // (find) feels most (find on 10M records as a process: 2.3 → 1.2 s, 367 → 246 MB). Past the
  // budget, and for pages it cannot read (zstd, …), parquet-wasm decodes them, faster than our
  // JavaScript decoder, and copies out only the wanted rows.
  const result = decoder.run(task, kernel, late, snappyBackend(task.weight) === 'native');
  if (result === null || result.kind !== 'select') return result;
  const missing = late.filter((column) => result.columns[column] === undefined);
  if (missing.length > 0) Object.assign(result.columns, await withWasmFile(task, (file) => lateColumns(file, task, missing, result.rowIndexes)));
  return result;
}

async function decode(task: DecodeTask): Promise<void> {
  const kernel = task.kernel;
  if (kernel.kind === 'index' && task.chunks === undefined) throw new Error('an index task needs chunk layouts');
  const result =
    (task.chunks === undefined ? null : await decodeWithJs(task)) ??
    (await withWasmFile(task, async (file) =>
      kernel.kind === 'select'
        ? decodeSelect(file, task, kernel)
        : runAggregate(arrowColumnSet(await readTable(file, task, task.columns)), kernel as AggregateKernel),
    ));
  post({ type: 'result', id: task.id, result });
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
