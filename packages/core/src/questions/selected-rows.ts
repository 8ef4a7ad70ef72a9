// The scan filter and its outputs share: a select kernel over each row group of a run in turn, cut
// at `limit`, resuming from a cursor, with a cursor to resume after any row it returns. Also one row
// group's select, which find reads its matches with.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import type { SyncRecord } from '../model/sync-record.js';
import { RECORD_OUTPUT_COLUMNS, buildRecords } from '../records/record-builder.js';
import type { LinesRequest, SelectResult } from '../records/decoded-rows.js';
import { firstMatches } from '../records/record-lines.js';
import type { RunFile } from '../runs/run-files.js';
import { predicateColumns } from '../scan/row-predicate.js';
import type { SelectKernel } from '../scan/decode-protocol.js';
import type { ScannedRowGroup } from '../scan/row-group-scanner.js';
import { ProgressTracker } from '../scan/scan-progress.js';
import { identifierNeedles, mayHoldAny } from './identifier-bounds.js';
import { listRunFiles, positiveInteger, type QuestionContext, type ScanOptions } from './question-context.js';
import { decodeCursor, encodeCursor, queryFingerprint } from './record-cursor.js';
import { compileQuery, type RecordQuery } from './record-query.js';

/** What selects a filter's rows, whatever it makes of them (records, lines, Arrow). */
export interface SelectScanOptions extends RecordQuery, ScanOptions {
  /** Stop after this many records. */
  limit?: number;
  /** Resume after the last record of a previous page (see `filterPage`). */
  cursor?: string;
}

/** A row group's select, as a filter consumes it. */
export interface SelectedRows {
  file: RunFile;
  /** The run's files, as listed for this scan. */
  files: readonly RunFile[];
  /** The row group's first row in its file. */
  firstRow: number;
  result: SelectResult;
  /** A cursor to resume after the `index`-th row of `result`. */
  cursorAfter(index: number): string;
}

/** The records one row group gave a filter. */
export interface RecordBatch {
  records: SyncRecord[];
  /** A cursor to resume after `records[index]`. */
  cursorAfter(index: number): string;
}

/**
 * The select of each row group in turn (`output` columns, or lines when `lines` is given), cut
 * at `limit`, with a cursor to resume after any of its rows.
 */
export async function* scanSelects(
  context: QuestionContext,
  run: RunRef,
  options: SelectScanOptions,
  output: string[],
  lines?: (file: RunFile) => LinesRequest,
): AsyncGenerator<SelectedRows> {
  const predicate = compileQuery(options);
  const needles = predicate.identifiers === undefined ? null : identifierNeedles(predicate.identifiers);
  const limit = options.limit === undefined ? null : positiveInteger(options.limit, 'limit');
  const listing = await listRunFiles(context, run, options.signal);
  const progress = new ProgressTracker(listing.files, options.onProgress);
  // A cursor belongs to one run and one filter.
  const fingerprint = queryFingerprint({ run: listing.run.folder, predicate });
  let fromFile = 0;
  let fromRowGroup = 0;
  let startRow = 0;
  if (options.cursor !== undefined) {
    const position = decodeCursor(options.cursor, fingerprint);
    const index = listing.files.findIndex((file) => file.name === position.file);
    if (index < 0) {
      throw new InvalidArgumentError({
        message: `The cursor points into ${position.file}, which is no longer in ${listing.run.location}`,
        context: { argument: 'cursor', location: listing.run.location },
      });
    }
    fromFile = index;
    fromRowGroup = position.rowGroup;
    startRow = position.row;
  }
  let remaining = limit;
  // The cursor's row applies only in the row group it points into.
  const cursorFileKey = listing.files[fromFile]?.key;
  const filesByKey = new Map(listing.files.map((file) => [file.key, file]));
  for await (const { fileIndex, footer, rowGroup, result } of context.scanner.scan<SelectResult>(
    listing.files,
    (footer, rowGroup) => {
      // A row group whose identifier bounds hold none of the identifiers asked is not read.
      if (needles !== null && !mayHoldAny(footer, rowGroup, needles)) return null;
      const first = footer.key === cursorFileKey && rowGroup === fromRowGroup ? startRow : 0;
      const kernel: SelectKernel = { kind: 'select', predicate, output, startRow: first, limit: remaining };
      if (lines !== undefined) kernel.lines = lines(filesByKey.get(footer.key)!);
      return { columns: [...new Set([...predicateColumns(predicate), ...output])], kernel };
    },
    {
      fromFile,
      fromRowGroup,
      signal: options.signal,
      rampUp: limit !== null,
      // Lines are bytes, passed on as they come: the scanner's own window, not the smaller one for records.
      window: lines === undefined ? context.scanner.recordWindow : undefined,
      progress,
    },
  )) {
    // Kernels made ahead of the scan were given the limit left then: cut what came back.
    const selected = remaining !== null && result.rowIndexes.length > remaining ? firstMatches(result, remaining) : result;
    const file = listing.files[fileIndex]!;
    const rows = selected.rowIndexes;
    yield {
      file,
      files: listing.files,
      firstRow: footer.rowGroups[rowGroup]!.firstRow,
      result: selected,
      cursorAfter: (index) => encodeCursor({ file: file.name, rowGroup, row: rows[index]! + 1 }, fingerprint),
    };
    if (remaining !== null && (remaining -= rows.length) <= 0) break;
  }
  progress.finish();
}

/**
 * The matching records of each row group in turn, cut at `limit`, with a cursor to resume after
 * any of them (made only when asked for: a page needs one). A batch per row group, not a promise
 * per record: a filter streaming 800k records spends its time on them, not on the iteration.
 */
export async function* scanRecords(
  context: QuestionContext,
  run: RunRef,
  options: SelectScanOptions,
  output: string[],
  payloadFields: readonly string[] | undefined,
): AsyncGenerator<RecordBatch> {
  for await (const { file, firstRow, result, cursorAfter } of scanSelects(context, run, options, output)) {
    yield { records: buildRecords(result, file, firstRow, payloadFields), cursorAfter };
  }
}

/** Which rows of one row group a select returns: those `predicate` keeps from `startRow`, cut at `limit`. */
export type RowSelection = Pick<SelectKernel, 'predicate' | 'startRow' | 'limit'>;

/** One row group's records through a select kernel; null when the file has no such row group. */
export async function selectInRowGroup(
  context: QuestionContext,
  file: RunFile,
  rowGroup: number,
  selection: RowSelection,
  signal?: AbortSignal,
): Promise<ScannedRowGroup<SelectResult> | null> {
  const plan = () => ({ columns: RECORD_OUTPUT_COLUMNS, kernel: { kind: 'select', output: RECORD_OUTPUT_COLUMNS, ...selection } }) as const;
  return context.scanner.scanRowGroup<SelectResult>(file, rowGroup, plan, signal);
}
