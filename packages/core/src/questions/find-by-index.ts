// find through the run's local index: the access path find takes when the client or the call asks
// for it. The index is opened for one call and closed at its end (no handle outlives a call), and
// built, or rebuilt, when missing, unreadable or made for other files.
import { InternalError } from '../errors/internal-error.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { CellValue, SelectResult } from '../records/decoded-rows.js';
import { RECORD_OUTPUT_COLUMNS, buildRecords } from '../records/record-builder.js';
import type { RunFile, RunListing } from '../runs/run-files.js';
import { ProgressTracker } from '../scan/scan-progress.js';
import { throwIfAborted } from '../storage/throw-if-aborted.js';
import { listRunFiles, type QuestionContext, type ScanOptions } from './question-context.js';
import { compileQuery } from './record-query.js';
import { IndexFile, IndexFormatError } from './run-index-file.js';
import {
  buildRunIndex,
  candidateRows,
  defaultIndexDirectory,
  indexMatches,
  indexPath,
  readIndexedRow,
  type BuildIndexStats,
  type RowLocation,
} from './run-index.js';
import { selectInRowGroup } from './selected-rows.js';

export interface BuildIndexOptions extends ScanOptions {
  /** Where to write it; defaults to the client's index directory, else the default one. */
  directory?: string;
}

/** Builds (or rebuilds) the run's local index now: one scan of its identifiers and payloads. */
export async function buildIndex(context: QuestionContext, run: RunRef, options: BuildIndexOptions): Promise<BuildIndexStats> {
  const listing = await listRunFiles(context, run, options.signal);
  const directory = options.directory ?? context.indexDirectory ?? defaultIndexDirectory();
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const stats = await buildRunIndex(context.scanner, listing, indexPath(directory, listing.run.location), { signal: options.signal, progress });
  progress.finish();
  return stats;
}

/** The run's index, built or rebuilt when missing or stale. */
async function openIndex(context: QuestionContext, listing: RunListing, options: ScanOptions): Promise<IndexFile> {
  const directory = context.indexDirectory ?? defaultIndexDirectory();
  const path = indexPath(directory, listing.run.location);
  let index: IndexFile | null = null;
  try {
    index = await IndexFile.open(path);
  } catch (error) {
    // An unreadable index (another version, a crash mid-write elsewhere) is rebuilt, not trusted.
    if (!(error instanceof IndexFormatError)) throw error;
  }
  if (index !== null && indexMatches(index, listing)) return index;
  await index?.close();
  const progress = new ProgressTracker(listing.files, options.onProgress);
  await buildRunIndex(context.scanner, listing, path, { signal: options.signal, progress });
  progress.finish();
  const built = await IndexFile.open(path);
  if (built === null) throw new InternalError({ message: `The index written to ${path} cannot be read back` });
  return built;
}

/** Every record with one of these identifiers, in run order, read through the index. */
export async function findByIndex(context: QuestionContext, listing: RunListing, ids: string[], options: ScanOptions): Promise<SyncRecord[]> {
  const index = await openIndex(context, listing, options);
  try {
    const found: Array<{ location: RowLocation; record: SyncRecord }> = [];
    for (const id of new Set(ids)) {
      for (const location of await candidateRows(index, id)) {
        throwIfAborted(options.signal);
        const file = listing.files[location.fileIndex]!;
        const group = index.manifest.files[location.fileIndex]!.rowGroups[location.rowGroup]!;
        let cells = await readIndexedRow(context.storage, index, location, RECORD_OUTPUT_COLUMNS, options.signal);
        if (cells === null) cells = await readRowByScan(context, file, location, id, options);
        // A hash collision reads another identifier: not a match.
        if (cells === null || cells[RECORD_COLUMNS.identifier] == null || String(cells[RECORD_COLUMNS.identifier]) !== id) continue;
        const result: SelectResult = {
          kind: 'select',
          rowCount: group.numRows,
          matched: 1,
          rowIndexes: [location.row],
          columns: Object.fromEntries(Object.entries(cells).map(([column, value]) => [column, [value]])),
          nextRow: null,
        };
        for (const record of buildRecords(result, file, group.firstRow)) found.push({ location, record });
      }
    }
    found.sort((a, b) => a.location.fileIndex - b.location.fileIndex || a.location.rowGroup - b.location.rowGroup || a.location.row - b.location.row);
    return found.map((item) => item.record);
  } finally {
    await index.close();
  }
}

/** One row's record columns through the decoder, for files the index cannot read row by row (zstd, …). */
async function readRowByScan(
  context: QuestionContext,
  file: RunFile,
  location: RowLocation,
  id: string,
  options: ScanOptions,
): Promise<Record<string, CellValue> | null> {
  const predicate = compileQuery({ identifiers: [id] });
  const scanned = await selectInRowGroup(context, file, location.rowGroup, { predicate, startRow: location.row, limit: 1 }, options.signal);
  if (scanned === null || scanned.result.rowIndexes[0] !== location.row) return null;
  return Object.fromEntries(Object.entries(scanned.result.columns).map(([column, values]) => [column, values[0] ?? null]));
}
