// Streams kernel results over the row groups of a run's files, in order, with a bounded window of
// row groups in flight: storage reads for the next row groups overlap decoding of the current ones,
// and memory holds at most `window` projected row groups whatever the run's size.
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { throwIfAborted } from '../storage/throw-if-aborted.js';
import type { DecodePool } from './decode-pool.js';
import { windowedColumns } from './late-columns.js';
import type { DecodeKernel, DecodeResult } from './decode-protocol.js';
import type { ProgressTracker } from './scan-progress.js';
import { readParquetFooter, spansForRead, type ParquetFooter } from '../parquet/parquet-footer.js';

export interface ScanFile {
  key: string;
  /** How the file is named in errors and results. */
  file: string;
  size: number;
  version?: string;
}

/** What to read from one row group; null skips it. */
export interface RowGroupPlan {
  columns: string[];
  kernel: DecodeKernel;
}

export type PlanRowGroup = (footer: ParquetFooter, rowGroup: number) => RowGroupPlan | null;

export interface ScannedRowGroup<R extends DecodeResult = DecodeResult> {
  fileIndex: number;
  footer: ParquetFooter;
  rowGroup: number;
  result: R;
}

export interface ScanOptions {
  /** Start at this file index … */
  fromFile?: number;
  /** … and this row group within it. */
  fromRowGroup?: number;
  signal?: AbortSignal;
  /**
   * Row groups in flight at once; defaults to twice the pool size + 2. Two queued per worker keep
   * the workers busy while the main thread reads the next chunks (find on 10M in-process: 349 →
   * 305 ms against one queued); the byte bound below still caps payload-heavy scans.
   */
  window?: number;
  /**
   * Start with one row group in flight and double up to `window` as results are consumed: a
   * scan that may stop early (a page of records) reads ahead only as far as it goes.
   */
  rampUp?: boolean;
  /** Counts bytes read and, unless `countRows` is false, row groups and rows done. */
  progress?: ProgressTracker;
  /** False for a second pass over row groups already counted. */
  countRows?: boolean;
}

export interface FooterSource {
  footer(file: ScanFile, signal?: AbortSignal): Promise<ParquetFooter>;
}

/** Reads footers once per file version. */
export class FooterCache implements FooterSource {
  private readonly entries = new Map<string, Promise<ParquetFooter>>();

  constructor(
    private readonly storage: StorageAdapter,
    private readonly capacity = 512,
  ) {}

  footer(file: ScanFile, signal?: AbortSignal): Promise<ParquetFooter> {
    const cacheKey = `${file.key}\u0000${file.size}\u0000${file.version ?? ''}`;
    let entry = this.entries.get(cacheKey);
    if (entry === undefined) {
      entry = readParquetFooter(this.storage, file.key, { size: file.size, file: file.file, signal });
      entry.catch(() => this.entries.delete(cacheKey));
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(cacheKey, entry);
    }
    return entry;
  }
}

export class RowGroupScanner {
  constructor(
    private readonly storage: StorageAdapter,
    readonly pool: DecodePool,
    private readonly footers: FooterSource,
  ) {}

  /**
   * The window for scans that return records (filter): one row group queued per worker. Their
   * consumer (building records, printing them) is slower than the workers, so more would only
   * wait in memory (filter on 10M as a process peaked at 288-331 MB with two per worker).
   */
  get recordWindow(): number {
    return this.pool.decoders + 1;
  }

  /**
   * Row group `rowGroup` of `file` alone, as `plan` asks (a second pass over one row group); null
   * when the file has no such row group, or it holds no rows.
   */
  async scanRowGroup<R extends DecodeResult = DecodeResult>(
    file: ScanFile,
    rowGroup: number,
    plan: PlanRowGroup,
    signal?: AbortSignal,
  ): Promise<ScannedRowGroup<R> | null> {
    for await (const scanned of this.scan<R>([file], (footer, group) => (group === rowGroup ? plan(footer, group) : null), { signal })) {
      if (scanned.rowGroup === rowGroup) return scanned;
    }
    return null;
  }

  async *scan<R extends DecodeResult = DecodeResult>(
    files: readonly ScanFile[],
    plan: PlanRowGroup,
    options: ScanOptions = {},
  ): AsyncGenerator<ScannedRowGroup<R>> {
    const maxWindow = Math.max(1, options.window ?? 2 * this.pool.decoders + 2);
    let window = options.rampUp ? 1 : maxWindow;
    const inFlight: Array<{ job: Promise<ScannedRowGroup<R>>; bytes: number }> = [];
    let inFlightBytes = 0;
    const next = async () => {
      const { job, bytes } = inFlight.shift()!;
      inFlightBytes -= bytes;
      return this.done(await job, options);
    };
    const units = this.units(files, plan, options);
    try {
      for await (const unit of units) {
        // Row groups with their payloads (~25 MB each) wait while others of that size are in flight.
        const bytes = unitBytes(unit.footer, unit.rowGroup, unit.plan.columns);
        while (inFlight.length > 0 && inFlightBytes + bytes > MAX_BYTES_IN_FLIGHT) yield await next();
        const job = this.decode<R>(unit);
        job.catch(() => undefined); // awaited below, in order
        inFlight.push({ job, bytes });
        inFlightBytes += bytes;
        if (inFlight.length >= window) {
          yield await next();
          window = Math.min(maxWindow, window * 2);
        }
      }
      while (inFlight.length > 0) yield await next();
    } finally {
      await units.return(undefined);
    }
  }

  private done<R extends DecodeResult>(scanned: ScannedRowGroup<R>, options: ScanOptions): ScannedRowGroup<R> {
    if (options.progress !== undefined && options.countRows !== false) {
      options.progress.rowGroupDone(scanned.fileIndex, scanned.footer.rowGroups[scanned.rowGroup]!.numRows);
    }
    return scanned;
  }

  private async *units(files: readonly ScanFile[], plan: PlanRowGroup, options: ScanOptions) {
    for (let fileIndex = options.fromFile ?? 0; fileIndex < files.length; fileIndex++) {
      throwIfAborted(options.signal);
      const file = files[fileIndex]!;
      const footer = await this.footers.footer(file, options.signal);
      const counting = options.progress !== undefined && options.countRows !== false;
      if (counting) options.progress!.footerRead(fileIndex, footer.numRows, footer.rowGroups.length);
      const first = fileIndex === (options.fromFile ?? 0) ? (options.fromRowGroup ?? 0) : 0;
      for (let rowGroup = 0; rowGroup < footer.rowGroups.length; rowGroup++) {
        const rows = footer.rowGroups[rowGroup]!.numRows;
        const rowGroupPlan = rowGroup < first || rows === 0 ? null : plan(footer, rowGroup);
        if (rowGroupPlan !== null) {
          yield { fileIndex, file, footer, rowGroup, plan: rowGroupPlan, signal: options.signal, progress: options.progress };
        }
        else if (counting) options.progress!.rowGroupDone(fileIndex, rows);
      }
    }
  }

  private async decode<R extends DecodeResult>(unit: {
    fileIndex: number;
    file: ScanFile;
    footer: ParquetFooter;
    rowGroup: number;
    plan: RowGroupPlan;
    signal?: AbortSignal;
    progress?: ProgressTracker;
  }): Promise<ScannedRowGroup<R>> {
    const { footer, rowGroup, plan, signal, progress } = unit;
    const present = plan.columns.filter((column) => footer.columnNames.includes(column));
    // A read needs at least one column to learn the row count; borrow the first when none asked exist.
    const columns = present.length > 0 ? present : footer.columnNames.slice(0, 1);
    const spans = spansForRead(footer, rowGroup, columns);
    // Chunks are read into memory the workers hand back when done (see buffer-recycler.ts).
    const allocate = (length: number) => this.pool.buffers.take(length);
    const ranges = await Promise.all(
      spans.map(async (span) => ({
        offset: span.start,
        bytes: this.ownBuffer(
          await this.storage.read(footer.key, { range: { offset: span.start, length: span.end - span.start }, signal, allocate }),
        ),
      })),
    );
    progress?.bytesRead(ranges.reduce((sum, range) => sum + range.bytes.length, 0));
    ranges.push({ offset: footer.tail.offset, bytes: footer.tail.bytes.slice() });
    const layouts = columns.map((column) => footer.rowGroups[rowGroup]!.chunkLayouts.get(column) ?? null);
    const result = await this.pool.decode(
      {
        file: footer.file,
        fileSize: footer.size,
        rowGroup,
        numRows: footer.rowGroups[rowGroup]!.numRows,
        columns,
        ranges,
        kernel: plan.kernel,
        chunks: layouts,
        weight: uncompressedBytes(footer, rowGroup, columns),
        windowedBytes: uncompressedBytes(footer, rowGroup, windowedColumns(plan.kernel, columns, layouts)),
      },
      async (start, end) =>
        this.ownBuffer(await this.storage.read(footer.key, { range: { offset: start, length: end - start }, signal })),
    );
    return { fileIndex: unit.fileIndex, footer, rowGroup, result: result as R };
  }

  /**
   * Bytes in an ArrayBuffer the worker may take whole: the recycler's, or their own (Node pools
   * small Buffers in a shared one, which is copied out).
   */
  private ownBuffer(bytes: Uint8Array): Uint8Array {
    if (this.pool.buffers.owns(bytes)) return bytes;
    // A copy, also of a Buffer, whose slice() would be a view: the adapter's memory must not be detached.
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  }
}

/**
 * Compressed bytes of the row groups read ahead at once, past the first: two row groups with their
 * payloads, so memory stays bounded by bytes as well as by row groups.
 */
const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/** The uncompressed bytes of some columns of one row group. */
function uncompressedBytes(footer: ParquetFooter, rowGroup: number, columns: readonly string[]): number {
  let total = 0;
  for (const column of columns) total += footer.rowGroups[rowGroup]!.uncompressedBytes.get(column) ?? 0;
  return total;
}

/** The compressed bytes a plan reads from one row group. */
function unitBytes(footer: ParquetFooter, rowGroup: number, columns: string[]): number {
  let total = 0;
  for (const column of columns) for (const span of footer.rowGroups[rowGroup]!.columnSpans.get(column) ?? []) total += span.end - span.start;
  return total;
}


