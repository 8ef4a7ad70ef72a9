// The records of one identifier set of a comparison, streamed: the rows compareRuns marked in the
// run the set is listed from are read as `sample` reads its picks, a select of those rows only,
// and row groups holding none are not read at all. A page (`offset`, `limit`) is counted from the
// marks: the row groups before it are not read either, so a viewer's hundredth page costs what its
// first does.
import type { RecordField } from '../layout/record-columns.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { SelectResult } from '../records/decoded-rows.js';
import { buildRecords, payloadFields, recordOutputColumns } from '../records/record-builder.js';
import type { RowBitmap } from '../scan/identifier-partition.js';
import { positiveInteger, type QuestionContext, type ScanOptions } from './question-context.js';
import type { ScannedRun } from './identifier-sets.js';

export interface CompareRecordsOptions extends ScanOptions {
  /** Only these record fields (the others null), as `FilterOptions.columns`. */
  columns?: RecordField[];
  /** Keep only these payload fields, as `FilterOptions.payloadFields`. */
  payloadFields?: string[];
  /** Records of the set to skip first, in run order (default 0). */
  offset?: number;
  /** At most this many records (default: all). */
  limit?: number;
}

/** The records of the marked rows, a row group's at a time (never an empty array), in run order. */
export async function* markedRecordBatches(
  context: QuestionContext,
  run: Pick<ScannedRun, 'listing' | 'fileRows'>,
  marked: RowBitmap,
  options: CompareRecordsOptions,
): AsyncGenerator<SyncRecord[]> {
  const output = recordOutputColumns(options.columns);
  const fields = payloadFields(options.payloadFields);
  const { listing, fileRows } = run;
  // Row groups are planned in run order: what is left to skip and to take is counted as they are.
  let skip = options.offset === undefined ? 0 : positiveInteger(options.offset, 'offset', true);
  const limit = options.limit === undefined ? Infinity : positiveInteger(options.limit, 'limit', true);
  let take = limit;
  let given = 0;
  if (limit === 0) return;
  for await (const { fileIndex, footer, rowGroup, result } of context.scanner.scan<SelectResult>(
    listing.files,
    (footer, rowGroup) => {
      const fileRow = fileRows.get(footer.key);
      const group = footer.rowGroups[rowGroup]!;
      // A file that changed since the comparison is read no further than the rows it had then.
      if (take === 0 || fileRow === undefined || fileRow + group.firstRow + group.numRows > marked.rows) return null;
      let ordinals = marked.rowsIn(fileRow + group.firstRow, group.numRows);
      if (skip >= ordinals.length) {
        skip -= ordinals.length;
        return null;
      }
      ordinals = ordinals.slice(skip, skip + take);
      skip = 0;
      take -= ordinals.length;
      return { columns: output, kernel: { kind: 'select', predicate: {}, output, startRow: 0, limit: null, ordinals } };
    },
    { signal: options.signal, window: context.scanner.recordWindow },
  )) {
    const records = buildRecords(result, listing.files[fileIndex]!, footer.rowGroups[rowGroup]!.firstRow, fields);
    if (records.length === 0) continue;
    yield records;
    // The page is whole: the rest of the run is not even planned.
    given += records.length;
    if (given >= limit) return;
  }
}
