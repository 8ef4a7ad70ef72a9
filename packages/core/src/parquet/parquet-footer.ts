// Reads and parses a Parquet footer through a storage adapter, on the main thread. Parsing uses
// hyparquet (pure JS): a bad footer throws a normal error here, never a wasm panic, and it exposes
// the byte layout the reader needs to fetch exactly the column chunks a call projects.
import type { ColumnMetaData as ColumnChunkMetaData, FileMetaData, SchemaElement } from 'hyparquet';
import { parquetMetadata } from 'hyparquet/src/metadata.js';
import { InvalidDataError } from '../errors/invalid-data-error.js';
import { chunkLayout, type ChunkLayout } from './chunk-layout.js';
import { floorMillis } from './epoch-millis.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';

/** A half-open byte range `[start, end)`. */
export interface ByteSpan {
  start: number;
  end: number;
}

/** Exact statistics of a column chunk, when the writer recorded them. */
export interface ColumnStatistics {
  nullCount: number | null;
  distinctCount: number | null;
  /** Exact minimum and maximum: strings, numbers, or epoch milliseconds for timestamps. */
  min: string | number | null;
  max: string | number | null;
}

export interface RowGroupLayout {
  index: number;
  numRows: number;
  /** The file row index of this row group's first row. */
  firstRow: number;
  /** Byte spans of each top-level column's chunks (several for nested columns). */
  columnSpans: Map<string, ByteSpan[]>;
  /** Statistics of flat top-level columns. */
  statistics: Map<string, ColumnStatistics>;
  /** Uncompressed bytes of each top-level column's chunks: what decoding it costs in memory. */
  uncompressedBytes: Map<string, number>;
  /** Flat columns the JavaScript page decoder can read (see chunk-layout). */
  chunkLayouts: Map<string, ChunkLayout>;
}

export interface ParquetFooter {
  key: string;
  /** How to name the file in messages (location + key). */
  file: string;
  size: number;
  numRows: number;
  columnNames: string[];
  rowGroups: RowGroupLayout[];
  /** The fetched end of the file, which holds the footer. */
  tail: { offset: number; bytes: Uint8Array };
  /** Column and offset indexes, read by parquet-wasm when present. */
  pageIndex: ByteSpan | null;
  metadata: FileMetaData;
}

/** Timestamp statistics floored to the millisecond, as the column readers floor values. */
const STATISTICS_PARSERS = {
  timestampFromMilliseconds: (value: bigint) => new Date(floorMillis(value, 'millis')),
  timestampFromMicroseconds: (value: bigint) => new Date(floorMillis(value, 'micros')),
  timestampFromNanoseconds: (value: bigint) => new Date(floorMillis(value, 'nanos')),
};

const TAIL_FETCH = 16 * 1024;
const MAGIC = 0x31524150; // "PAR1" little-endian

function invalid(file: string, key: string, what: string, cause?: unknown): InvalidDataError {
  return new InvalidDataError({ message: `${file} is not a readable Parquet file: ${what}`, context: { file, key }, cause });
}

async function readTail(storage: StorageAdapter, key: string, size: number, length: number): Promise<Uint8Array> {
  const range = storage.capabilities.suffixRead ? { suffix: length } : { offset: size - length, length };
  return storage.read(key, { range });
}

export async function readParquetFooter(
  storage: StorageAdapter,
  key: string,
  options: { size?: number; file?: string; signal?: AbortSignal } = {},
): Promise<ParquetFooter> {
  const file = options.file ?? key;
  const size = options.size ?? (await storage.stat(key, { signal: options.signal })).size;
  if (size < 12) throw invalid(file, key, `it is ${size} bytes, too small to hold a Parquet footer`);
  let tail = await readTail(storage, key, size, Math.min(size, TAIL_FETCH));
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (tail.length < 8 || view.getUint32(tail.length - 4, true) !== MAGIC) {
    throw invalid(file, key, 'it does not end with the Parquet magic bytes "PAR1" (truncated, or not Parquet)');
  }
  const footerLength = view.getUint32(tail.length - 8, true);
  if (footerLength + 12 > size) {
    throw invalid(file, key, `its footer claims ${footerLength} bytes but the file has only ${size} (truncated?)`);
  }
  if (footerLength + 8 > tail.length) tail = await readTail(storage, key, size, footerLength + 8);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(tail.slice(tail.length - footerLength - 8), { parsers: STATISTICS_PARSERS });
  } catch (error) {
    throw invalid(file, key, `its footer could not be parsed (${(error as Error).message})`, error);
  }
  // The footer's own copy: an adapter may answer with a view of memory it keeps (MemoryStorage),
  // and the scanner hands copies of the tail to workers, which must not detach the adapter's file.
  const footer = describeParsedFooter(metadata, { key, file, size, tail: { offset: size - tail.length, bytes: new Uint8Array(tail) } });
  // The page index sits just before the footer and parquet-wasm reads it for every row group:
  // fetch it once, with the footer, rather than once per row group.
  const index = footer.pageIndex;
  if (index !== null && index.start < footer.tail.offset && size - index.start <= PAGE_INDEX_WITH_FOOTER) {
    const bytes = await readTail(storage, key, size, size - index.start);
    return { ...footer, tail: { offset: size - bytes.length, bytes: new Uint8Array(bytes) } };
  }
  return footer;
}

/**
 * The footer's layout, every offset and size it gives checked against the file: a corrupt footer
 * is the file's problem (INVALID_DATA), never a bad range handed to an adapter (INVALID_ARGUMENT)
 * or a TypeError on a field hyparquet could not fill.
 */
function describeParsedFooter(metadata: FileMetaData, base: Pick<ParquetFooter, 'key' | 'file' | 'size' | 'tail'>): ParquetFooter {
  try {
    return describeFooter(metadata, base);
  } catch (error) {
    if (error instanceof InvalidDataError) throw error;
    throw invalid(base.file, base.key, `its footer is malformed (${(error as Error)?.message ?? String(error)})`, error);
  }
}

/** A footer number as a count or offset: a safe, non-negative integer, or null. */
function offsetOf(value: bigint | number | undefined): number | null {
  const number = Number(value);
  return Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/** Page indexes up to this far from the end are read with the footer. */
const PAGE_INDEX_WITH_FOOTER = 4 * 1024 * 1024;

function describeFooter(
  metadata: FileMetaData,
  base: Pick<ParquetFooter, 'key' | 'file' | 'size' | 'tail'>,
): ParquetFooter {
  const columnNames = metadata.schema
    .slice(1)
    .reduce<{ names: string[]; skip: number }>(
      (state, element) => {
        // Top-level fields only: skip the descendants of nested fields.
        if (state.skip > 0) return { names: state.names, skip: state.skip - 1 + (element.num_children ?? 0) };
        return { names: [...state.names, element.name], skip: element.num_children ?? 0 };
      },
      { names: [], skip: 0 },
    ).names;
  // Top-level leaf columns by name, for their types.
  const leaves = new Map<string, SchemaElement>();
  for (let at = 1, depth = [metadata.schema[0]?.num_children ?? 0]; at < metadata.schema.length; at++) {
    const element = metadata.schema[at]!;
    if (depth.length === 1 && !element.num_children) leaves.set(element.name, element);
    depth[depth.length - 1]!--;
    if (element.num_children) depth.push(element.num_children);
    while (depth.length > 1 && depth[depth.length - 1] === 0) depth.pop();
  }
  let firstRow = 0;
  let indexStart = Number.POSITIVE_INFINITY;
  let indexEnd = 0;
  const rowGroups = metadata.row_groups.map((group, index) => {
    const columnSpans = new Map<string, ByteSpan[]>();
    const statistics = new Map<string, ColumnStatistics>();
    const uncompressedBytes = new Map<string, number>();
    const chunkLayouts = new Map<string, ChunkLayout>();
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) {
        throw invalid(base.file, base.key, `row group ${index} has a column chunk without metadata`);
      }
      const path = Array.isArray(meta.path_in_schema) ? meta.path_in_schema.join('.') : '?';
      const dataOffset = offsetOf(meta.data_page_offset);
      const dictionaryOffset = meta.dictionary_page_offset === undefined ? undefined : offsetOf(meta.dictionary_page_offset);
      const compressedSize = offsetOf(meta.total_compressed_size);
      if (dataOffset === null || dictionaryOffset === null || compressedSize === null || offsetOf(meta.total_uncompressed_size) === null) {
        throw invalid(base.file, base.key, `row group ${index} column ${path} has a negative or impossible offset or size`);
      }
      const start = dictionaryOffset !== undefined && dictionaryOffset > 0 && dictionaryOffset < dataOffset ? dictionaryOffset : dataOffset;
      const end = start + compressedSize;
      if (end > base.size || typeof meta.path_in_schema?.[0] !== 'string') {
        throw invalid(base.file, base.key, `row group ${index} column ${path} points outside the file`);
      }
      const name = meta.path_in_schema[0]!;
      columnSpans.set(name, [...(columnSpans.get(name) ?? []), { start, end }]);
      uncompressedBytes.set(name, (uncompressedBytes.get(name) ?? 0) + Number(meta.total_uncompressed_size));
      if (meta.path_in_schema.length === 1 && meta.statistics) statistics.set(name, exactStatistics(meta.statistics));
      const layout = chunkLayout(chunk, leaves.get(name), start, end);
      if (layout !== null && layout.numValues === Number(group.num_rows)) chunkLayouts.set(name, layout);
      for (const [offset, length] of [
        [chunk.column_index_offset, chunk.column_index_length],
        [chunk.offset_index_offset, chunk.offset_index_length],
      ] as const) {
        if (offset !== undefined && length !== undefined) {
          const at = offsetOf(offset);
          const bytes = offsetOf(length);
          if (at === null || bytes === null || at + bytes > base.size) {
            throw invalid(base.file, base.key, `row group ${index} column ${path} has a page index outside the file`);
          }
          indexStart = Math.min(indexStart, at);
          indexEnd = Math.max(indexEnd, at + bytes);
        }
      }
    }
    const numRows = offsetOf(group.num_rows);
    if (numRows === null) throw invalid(base.file, base.key, `row group ${index} claims ${group.num_rows} rows`);
    const layout: RowGroupLayout = { index, numRows, firstRow, columnSpans, statistics, uncompressedBytes, chunkLayouts };
    firstRow += layout.numRows;
    return layout;
  });
  return {
    ...base,
    numRows: Number(metadata.num_rows),
    columnNames,
    rowGroups,
    pageIndex: indexEnd > 0 ? { start: indexStart, end: Math.min(indexEnd, base.size) } : null,
    metadata,
  };
}

function statisticValue(value: unknown, exact: boolean | undefined): string | number | null {
  // Only the exact modern min_value/max_value count; the deprecated min/max may be wrongly ordered.
  if (exact === false) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function exactStatistics(statistics: NonNullable<ColumnChunkMetaData['statistics']>): ColumnStatistics {
  return {
    nullCount: statistics.null_count === undefined ? null : Number(statistics.null_count),
    distinctCount: statistics.distinct_count === undefined ? null : Number(statistics.distinct_count),
    min: statistics.min_value === undefined ? null : statisticValue(statistics.min_value, statistics.is_min_value_exact),
    max: statistics.max_value === undefined ? null : statisticValue(statistics.max_value, statistics.is_max_value_exact),
  };
}

/** Chunks this large are fetched as spans of their own. */
const SEPARATE_SPAN_BYTES = 1024 * 1024;

function isLarge(span: ByteSpan): boolean {
  return span.end - span.start >= SEPARATE_SPAN_BYTES;
}

/**
 * The byte spans a read of `columns` in one row group needs beyond the already-fetched tail: the
 * column chunks and the page index, merged when closer than `mergeGap` (parquet-wasm itself
 * merges requests less than ~1 KB apart, so every range it asks for falls inside one of these).
 */
export function spansForRead(footer: ParquetFooter, rowGroup: number, columns: readonly string[], mergeGap = 8192): ByteSpan[] {
  const group = footer.rowGroups[rowGroup];
  const spans: ByteSpan[] = [];
  for (const column of columns) spans.push(...(group?.columnSpans.get(column) ?? []));
  if (footer.pageIndex) spans.push(footer.pageIndex);
  spans.sort((a, b) => a.start - b.start);
  const merged: ByteSpan[] = [];
  for (const span of spans) {
    const clipped = { start: span.start, end: Math.min(span.end, footer.tail.offset) };
    if (clipped.end <= clipped.start) continue;
    const last = merged.at(-1);
    // A large chunk (a payload) stays a span of its own: parquet-wasm, asking for exactly that
    // chunk, then gets the fetched buffer as it is instead of a 25 MB copy.
    const apart = last !== undefined && clipped.start >= last.end && (isLarge(clipped) || isLarge(last));
    if (last !== undefined && clipped.start <= last.end + mergeGap && !apart) last.end = Math.max(last.end, clipped.end);
    else merged.push(clipped);
  }
  return merged;
}
