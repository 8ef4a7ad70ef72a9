// The records of one identifier set of a comparison, streamed: the rows compareRuns marked in the
// run the set is listed from are read as `sample` reads its picks, a select of those rows only,
// and row groups holding none are not read at all.
import type { RecordField } from '../layout/record-columns.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { SelectResult } from '../records/decoded-rows.js';
import { buildRecords, payloadFields, recordOutputColumns } from '../records/record-builder.js';
import type { RowBitmap } from './identifier-partition.js';
import type { QuestionContext, ScanOptions } from './question-context.js';
import type { ScannedRun } from './identifier-sets.js';

export interface CompareRecordsOptions extends ScanOptions {
  /** Only these record fields (the others null), as `FilterOptions.columns`. */
  columns?: RecordField[];
  /** Keep only these payload fields, as `FilterOptions.payloadFields`. */
  payloadFields?: string[];
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
  for await (const { fileIndex, footer, rowGroup, result } of context.scanner.scan<SelectResult>(
    listing.files,
    (footer, rowGroup) => {
      const fileRow = fileRows.get(footer.key);
      const group = footer.rowGroups[rowGroup]!;
      // A file that changed since the comparison is read no further than the rows it had then.
      if (fileRow === undefined || fileRow + group.firstRow + group.numRows > marked.rows) return null;
      const ordinals = marked.rowsIn(fileRow + group.firstRow, group.numRows);
      if (ordinals.length === 0) return null;
      return { columns: output, kernel: { kind: 'select', predicate: {}, output, startRow: 0, limit: null, ordinals } };
    },
    { signal: options.signal, window: context.scanner.recordWindow },
  )) {
    const records = buildRecords(result, listing.files[fileIndex]!, footer.rowGroups[rowGroup]!.firstRow, fields);
    if (records.length > 0) yield records;
  }
}
