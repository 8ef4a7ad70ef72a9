// filter as Apache Arrow: the matching records of a run as RecordBatches, one per row group with
// matches, through the same select scan as `filter` (the same query, limit, columns and payload fields).
// apache-arrow is imported on the first call, so a program that never asks for Arrow never loads it.
import type { RecordBatch } from 'apache-arrow';
import { RECORD_COLUMNS, type RecordField } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { payloadFields, recordOutputColumns } from '../records/record-builder.js';
import { QUERY_OPTIONS, SCAN_OPTIONS } from './option-check.js';
import type { QuestionContext } from './question-context.js';
import { scanSelects, type SelectScanOptions } from './selected-rows.js';

export interface FilterArrowOptions extends Omit<SelectScanOptions, 'cursor'> {
  /** Keep only these keys of each record's payload (an object payload; others are kept whole), written as JSON again. */
  payloadFields?: string[];
  /**
   * Only these record fields become columns (with `outcome`, `file` and `row_index`, always there);
   * every field without it. Leaving out `payload`, most of a file's bytes, makes a scan many times
   * cheaper. The rows are the same whatever this holds.
   */
  columns?: RecordField[];
}

/** The options `filterArrow` takes (`checkOptions`). */
export const FILTER_ARROW_OPTIONS: readonly string[] = [...QUERY_OPTIONS, ...SCAN_OPTIONS, 'limit', 'payloadFields', 'columns'];

/**
 * The records of `filter` as Arrow RecordBatches, one per row group that has matches: the columns
 * asked under the dataset's own names (`identifier`, `record_payload` as the JSON text stored,
 * `operation`, `status`, `status_message`, `batch_started_at`, `batch_ended_at`), then `outcome`,
 * `file` and `row_index` (zero-based, within the file). When nothing matches, one empty batch, so
 * that the stream still has its schema.
 */
export async function* filterArrow(context: QuestionContext, run: RunRef, options: FilterArrowOptions): AsyncGenerator<RecordBatch> {
  const output = recordOutputColumns(options.columns);
  // `status` is read for every record's outcome, but is a column only when asked (or by default).
  const columns = options.columns === undefined || options.columns.includes('status') ? output : output.filter((column) => column !== RECORD_COLUMNS.status);
  const fields = payloadFields(options.payloadFields);
  const { ArrowBatchBuilder } = await import('../records/arrow-batches.js');
  let builder: InstanceType<typeof ArrowBatchBuilder> | null = null;
  let yielded = false;
  for await (const { files, file, firstRow, result } of scanSelects(context, run, options, output)) {
    // The run's files, listed before the scan, are the `file` column's dictionary for every batch.
    builder ??= new ArrowBatchBuilder({ columns, fileNames: files.map((listed) => listed.name), fields });
    if (result.rowIndexes.length === 0) continue;
    yielded = true;
    yield builder.batch(result, file.name, firstRow);
  }
  if (!yielded) yield (builder ?? new ArrowBatchBuilder({ columns, fileNames: [], fields })).empty();
}
