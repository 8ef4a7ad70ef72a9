// A run's local index: built by scanning the identifier and payload columns once, kept in a cache
// directory, and valid only while the run's files are exactly those it was built from. A lookup
// turns an identifier into rows, and reads those rows' values through the value maps and small
// dictionary chunks: a few kilobytes instead of the run.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SyncTrackError } from '../errors/sync-track-error.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import type { IndexResult } from '../scan/decode-protocol.js';
import type { CellValue } from '../records/decoded-rows.js';
import { decodeChunk, type DecodedColumn } from '../parquet/page-decoder.js';
import type { RowGroupScanner } from '../scan/row-group-scanner.js';
import type { ProgressTracker } from '../scan/scan-progress.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import type { RunFile, RunListing } from '../runs/run-files.js';
import { hashIdentifier } from '../scan/identifier-hash.js';
import { IndexFile, writeIndexFile, type FileMaps, type IndexedFile, type IndexEntries } from './run-index-file.js';
import { readMappedValue } from '../parquet/value-map.js';

/** Where indexes live: `$SYNCTRACK_INDEX_DIR`, else `$XDG_CACHE_HOME/synctrack/index`, else `~/.cache/synctrack/index`. */
export function defaultIndexDirectory(): string {
  if (process.env.SYNCTRACK_INDEX_DIR) return process.env.SYNCTRACK_INDEX_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'synctrack', 'index');
}

/** The index file of a run, named by a hash of its location. */
export function indexPath(directory: string, location: string): string {
  return join(directory, `${createHash('sha256').update(location).digest('hex').slice(0, 32)}.stindex`);
}

const lastModifiedMs = (file: RunFile) => (file.lastModified === undefined ? null : file.lastModified.getTime());

/** Whether the index was built from exactly these files (same names, sizes and versions). */
export function indexMatches(index: IndexFile, listing: RunListing): boolean {
  const { manifest } = index;
  if (manifest.location !== listing.run.location || manifest.files.length !== listing.files.length) return false;
  return listing.files.every((file, at) => {
    const indexed = manifest.files[at]!;
    return (
      indexed.key === file.key &&
      indexed.size === file.size &&
      indexed.version === (file.version ?? null) &&
      indexed.lastModified === lastModifiedMs(file)
    );
  });
}

/** Columns whose values the index maps (PLAIN text), and those read whole when a row is fetched. */
const MAPPED_COLUMNS = [RECORD_COLUMNS.identifier, RECORD_COLUMNS.payload];

export interface BuildIndexStats {
  path: string;
  files: number;
  rows: number;
  /** Row groups whose payloads can be read row by row (snappy or uncompressed PLAIN). */
  mappedRowGroups: number;
  rowGroups: number;
}

/** Scans the run once and writes its index. */
export async function buildRunIndex(
  scanner: RowGroupScanner,
  listing: RunListing,
  path: string,
  options: { signal?: AbortSignal; progress?: ProgressTracker },
): Promise<BuildIndexStats> {
  await mkdir(join(path, '..'), { recursive: true });
  const high: Uint32Array[] = [];
  const low: Uint32Array[] = [];
  const rows: Uint32Array[] = [];
  const files: Array<Omit<IndexedFile, 'maps'>> = listing.files.map((file) => ({
    key: file.key,
    name: file.name,
    size: file.size,
    version: file.version ?? null,
    lastModified: lastModifiedMs(file),
    columns: [],
    rowGroups: [],
  }));
  const maps: FileMaps[] = listing.files.map(() => []);
  let runRow = 0;
  let mappedRowGroups = 0;
  let rowGroups = 0;
  for await (const { fileIndex, footer, rowGroup, result } of scanner.scan<IndexResult>(
    listing.files,
    (footer, group) => {
      // A file without identifiers has none to find: nothing of it goes into the index.
      if (!footer.columnNames.includes(RECORD_COLUMNS.identifier)) return null;
      const layouts = footer.rowGroups[group]!.chunkLayouts;
      return {
        columns: MAPPED_COLUMNS.filter((column) => footer.columnNames.includes(column)),
        kernel: { kind: 'index', identifierColumn: RECORD_COLUMNS.identifier, mapColumns: MAPPED_COLUMNS.filter((column) => layouts.has(column)) },
      };
    },
    { signal: options.signal, progress: options.progress },
  )) {
    const group = footer.rowGroups[rowGroup]!;
    const chunks: Record<string, ChunkLayout> = {};
    for (const [column, layout] of group.chunkLayouts) chunks[column] = layout;
    files[fileIndex]!.columns = footer.columnNames;
    files[fileIndex]!.rowGroups[rowGroup] = { firstRow: group.firstRow, numRows: group.numRows, runRow, chunks };
    maps[fileIndex]![rowGroup] = result.maps;
    rowGroups++;
    if (result.maps[RECORD_COLUMNS.payload] != null || !footer.columnNames.includes(RECORD_COLUMNS.payload)) mappedRowGroups++;
    high.push(result.hashHigh);
    low.push(result.hashLow);
    const shifted = new Uint32Array(result.rows.length);
    for (let k = 0; k < shifted.length; k++) shifted[k] = runRow + result.rows[k]!;
    rows.push(shifted);
    runRow += group.numRows;
  }
  // Row groups the scan skipped (no rows) still need their place.
  for (const file of files) for (let g = 0; g < file.rowGroups.length; g++) file.rowGroups[g] ??= { firstRow: 0, numRows: 0, runRow, chunks: {} };
  const concat = (parts: Uint32Array[]) => {
    const out = new Uint32Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  const entries: IndexEntries = { high: concat(high), low: concat(low), rows: concat(rows) };
  await writeIndexFile(path, { location: listing.run.location, builtAt: new Date().toISOString(), files }, entries, maps);
  return { path, files: files.length, rows: runRow, mappedRowGroups, rowGroups };
}

/** Where a run-wide row is. */
export interface RowLocation {
  fileIndex: number;
  rowGroup: number;
  /** Row within the row group. */
  row: number;
}

export function locateRow(index: IndexFile, runRow: number): RowLocation | null {
  const files = index.manifest.files;
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const groups = files[fileIndex]!.rowGroups;
    for (let rowGroup = 0; rowGroup < groups.length; rowGroup++) {
      const group = groups[rowGroup]!;
      if (runRow >= group.runRow && runRow < group.runRow + group.numRows) return { fileIndex, rowGroup, row: runRow - group.runRow };
    }
  }
  return null;
}

/** The rows of an identifier (candidates: confirm by reading the identifier back). */
export async function candidateRows(index: IndexFile, identifier: string): Promise<RowLocation[]> {
  const rows = await index.rowsFor(hashIdentifier(identifier));
  return rows.map((row) => locateRow(index, row)).filter((location): location is RowLocation => location !== null);
}

const utf8 = new TextDecoder();

function cellAt(decoded: DecodedColumn, row: number): CellValue {
  if (decoded.kind === 'time') return Number.isNaN(decoded.millis[row]!) ? null : decoded.millis[row]!;
  const values = decoded.kind === 'text' ? decoded.values : decoded.dictionary;
  const at = decoded.kind === 'text' ? row : decoded.indices[row]!;
  if (at < 0 || values.lengths[at]! < 0) return null;
  return utf8.decode(values.bytes.subarray(values.starts[at]!, values.starts[at]! + values.lengths[at]!));
}

/**
 * One row's record columns read through the index: mapped columns value by value, the others
 * (dictionary-encoded, a few kilobytes) whole. Null when a column can be read only by a scan.
 */
export async function readIndexedRow(
  storage: StorageAdapter,
  index: IndexFile,
  location: RowLocation,
  columns: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, CellValue> | null> {
  const file = index.manifest.files[location.fileIndex]!;
  const group = file.rowGroups[location.rowGroup]!;
  const fileMaps = (await index.maps(location.fileIndex))[location.rowGroup] ?? {};
  const read = (start: number, end: number) => storage.read(file.key, { range: { offset: start, length: end - start }, signal });
  const decoder = new TextDecoder();
  const cells = await Promise.all(
    columns.map(async (column): Promise<[string, CellValue] | null> => {
      try {
        const map = fileMaps[column];
        if (map) {
          const value = await readMappedValue(map, location.row, read);
          return [column, value === null ? null : decoder.decode(value)];
        }
        const layout = group.chunks[column];
        if (layout === undefined) return file.columns.includes(column) ? null : [column, null];
        // Dictionary-encoded and timestamp chunks are small: decoded up to the row, its value taken.
        return [column, cellAt(decodeChunk(layout, await read(layout.start, layout.end), group.numRows, location.row + 1), location.row)];
      } catch (error) {
        // A page the gate sends to parquet-wasm after all, a map that does not fit, or bytes that do
        // not decode: the caller reads the row by a scan, which decides and reports as every scan does.
        if (SyncTrackError.isInstance(error)) throw error;
        return null;
      }
    }),
  );
  if (cells.some((cell) => cell === null)) return null;
  return Object.fromEntries(cells as Array<[string, CellValue]>);
}
