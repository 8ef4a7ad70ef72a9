// The parquet-wasm path of a decode worker, imported on first need: chunks the JavaScript decoder
// cannot read (zstd, DELTA encodings, …), payloads among them. parquet-wasm
// reads the prefetched bytes through PrefetchedSource; a panic on a corrupt page kills the worker,
// which the pool reports as an InvalidDataError naming the file.
import { tableFromIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { LATE_COLUMNS } from './late-columns.js';
import { chunkBytes } from './task-chunks.js';
import { arrowColumnSet } from './column-set.js';
import { textColumnAccess } from './column-values.js';
import { runAggregate } from './aggregate-kernel.js';
import { runSelect } from './select-kernel.js';
import type { AggregateKernel, DecodeRange, DecodeTask, SelectKernel, AggregateResult } from './decode-protocol.js';
import type { CellValue, SelectResult } from '../records/decoded-rows.js';
import type { Utf8Access } from '../parquet/utf8-access.js';

/** Bytes `[start, end)` of the task's file that were not prefetched; null when storage failed. */
export type FetchBytes = (start: number, end: number) => Promise<Uint8Array | null>;

/** Past this many wanted rows, one copy of the whole column beats copying runs of rows. */
const LATE_ROW_LIMIT = 2000;

/**
 * The object parquet-wasm's `ParquetFile.fromFile` reads from: `size` and `slice(start, end)`.
 * It serves prefetched ranges and asks the main thread for anything else; it never rejects
 * (a rejection inside wasm panics), answering a storage failure with no bytes instead.
 */
class PrefetchedSource {
  constructor(
    readonly size: number,
    private readonly ranges: DecodeRange[],
    private readonly fetch: FetchBytes,
  ) {}

  slice(start: number, end: number) {
    return { arrayBuffer: () => this.bytes(start, Math.min(end, this.size)) };
  }

  private async bytes(start: number, end: number): Promise<ArrayBuffer> {
    const assembled = this.assemble(start, end);
    if (assembled !== null) return assembled;
    const fetched = await this.fetch(start, end);
    if (fetched === null) return new ArrayBuffer(0);
    this.ranges.push({ offset: start, bytes: fetched });
    return fetched.buffer.slice(fetched.byteOffset, fetched.byteOffset + fetched.byteLength) as ArrayBuffer;
  }

  /**
   * Serves [start, end) from the prefetched ranges; null when a byte is missing. A range fetched
   * exactly as asked (a column chunk) is handed over as it is: parquet-wasm copies it into its own
   * memory, and a 25 MB payload chunk is not copied twice.
   */
  private assemble(start: number, end: number): ArrayBuffer | null {
    const bytes = chunkBytes(this.ranges, start, end);
    if (bytes === null) return null;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return (whole ? bytes : bytes.slice()).buffer as ArrayBuffer;
  }
}

/**
 * A read of a row group must give all its rows. A corrupt page header can make parquet-wasm stop
 * early without an error: fewer rows are the file's defect (thrown as parquet-wasm's), never fewer
 * records or a row looked up past the end.
 */
function checkRows(read: number, task: DecodeTask, columns: readonly string[]): void {
  if (read !== task.numRows) throw new Error(`parquet-wasm read ${read} of the row group's ${task.numRows} rows of ${columns.join(', ')}`);
}

async function readTable(file: parquet.ParquetFile, task: DecodeTask, columns: string[]): Promise<Table> {
  const wasmTable = await file.read({ columns, rowGroups: [task.rowGroup], batchSize: Math.max(1024, task.numRows) });
  const table = tableFromIPC(wasmTable.intoIPCStream());
  checkRows(table.numRows, task, columns);
  return table;
}

/**
 * Late materialisation: the row test runs on the small columns; the payload is decoded in wasm
 * and only the wanted rows are copied out, in runs of consecutive rows.
 */
async function lateColumns(
  file: parquet.ParquetFile,
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
    checkRows(total, task, columns);
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
async function withWasmFile<T>(task: DecodeTask, fetch: FetchBytes, use: (file: parquet.ParquetFile) => Promise<T>): Promise<T> {
  const source = new PrefetchedSource(task.fileSize, task.ranges, fetch);
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

async function decodeSelect(file: parquet.ParquetFile, task: DecodeTask, kernel: SelectKernel): Promise<SelectResult> {
  const { late, early } = lateAndEarly(task, kernel);
  if (late.length === 0 || early.length === 0) return runSelect(arrowColumnSet(await readTable(file, task, task.columns)), kernel);
  const result = runSelect(arrowColumnSet(await readTable(file, task, early)), { ...kernel, output: kernel.output.filter((column) => !late.includes(column)) });
  Object.assign(result.columns, await lateColumns(file, task, late, result.rowIndexes));
  return result;
}


/** The late columns of the rows a JavaScript select kept. */
export function wasmLateColumns(task: DecodeTask, fetch: FetchBytes, columns: string[], rows: number[]): Promise<Record<string, CellValue[]>> {
  return withWasmFile(task, fetch, (file) => lateColumns(file, task, columns, rows));
}

/** One text column of the task's row group, decoded by parquet-wasm. */
export function wasmTextColumn(task: DecodeTask, fetch: FetchBytes, column: string): Promise<Utf8Access> {
  return withWasmFile(task, fetch, async (file) => arrowColumnSet(await readTable(file, task, [column])).text(column));
}

/** The whole task through parquet-wasm: what the JavaScript decoder cannot answer. */
export function wasmDecode(task: DecodeTask, fetch: FetchBytes): Promise<SelectResult | AggregateResult> {
  const kernel = task.kernel;
  if (kernel.kind === 'index') return Promise.reject(new Error('an index task needs chunk layouts'));
  return withWasmFile(task, fetch, async (file) =>
    kernel.kind === 'select'
      ? decodeSelect(file, task, kernel)
      : runAggregate(arrowColumnSet(await readTable(file, task, task.columns)), kernel as AggregateKernel),
  );
}
