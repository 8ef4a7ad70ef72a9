// filter as JSON Lines: the matching records' `RecordRow`s, written by the decode workers, so a
// consumer that only passes them on (to stdout, a file, a socket) builds no records at all.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { RECORD_COLUMNS, type RecordField } from '../layout/record-columns.js';
import { RECORD_ROW_KEYS } from '../model/record-row.js';
import { RECORD_OUTPUT_COLUMNS, payloadFields } from '../records/record-builder.js';
import type { RecordRowKey } from '../records/record-json-line.js';
import type { QuestionContext } from './question-context.js';
import { scanSelects, type SelectScanOptions } from './selected-rows.js';

/**
 * What a line may hold, named as the SDK names record fields (`FilterOptions.columns`), plus `file`:
 * the record's file in the run (`origin.file`).
 */
export type RecordLineField = RecordField | 'file';

export interface FilterJsonLinesOptions extends SelectScanOptions {
  /** Keep only these payload fields. */
  payloadFields?: string[];
  /**
   * The record fields each line holds, in this order; every one without it. A line's keys are the
   * dataset's column names, as the CLI's JSON prints them (`statusMessage` is `status_message`,
   * `payload` is `record_payload`; see `RecordRow`). Only the columns these need are read.
   */
  columns?: RecordLineField[];
}

/** A row group's matches as JSON Lines (`filterJsonLines`). */
export interface JsonLinesBatch {
  /** UTF-8, one line per record, each ending in a newline. */
  lines: Uint8Array;
  /** How many records (lines). */
  count: number;
  /**
   * Optional: once done with `lines` (written out, copied), hand their memory back to the decoder,
   * which writes later lines into it instead of into new memory. `lines` reads as empty after.
   */
  release(): void;
}

/** The `RecordRow` keys of these fields, in their order: a field's key is its column's name. */
function lineKeys(columns: readonly RecordLineField[] | undefined): RecordRowKey[] {
  if (columns === undefined) return [...RECORD_ROW_KEYS];
  if (!Array.isArray(columns)) {
    throw new InvalidArgumentError({ message: 'columns must be an array of record fields', context: { argument: 'columns' } });
  }
  return columns.map((field) => {
    if (field === 'file') return 'file';
    if (!Object.hasOwn(RECORD_COLUMNS, field)) {
      throw new InvalidArgumentError({
        message: `Unknown record field ${JSON.stringify(field)}: use ${[...Object.keys(RECORD_COLUMNS), 'file'].join(', ')}`,
        context: { argument: 'columns' },
      });
    }
    return RECORD_COLUMNS[field as RecordField];
  });
}

/** The records of `filter` as JSON Lines of their `RecordRow`s, a row group's lines at a time (never empty). */
export async function* filterJsonLines(context: QuestionContext, run: RunRef, options: FilterJsonLinesOptions): AsyncGenerator<JsonLinesBatch> {
  const keys = lineKeys(options.columns);
  // The keys are column names, and `file`, which is known without reading anything.
  const output = options.columns === undefined ? RECORD_OUTPUT_COLUMNS : keys.filter((key) => key !== 'file');
  const fields = payloadFields(options.payloadFields);
  for await (const { result } of scanSelects(context, run, options, output, (file) => ({ keys, fileName: file.name, fields }))) {
    const count = result.rowIndexes.length;
    if (count > 0) yield { lines: result.lines!, count, release: result.releaseLines ?? (() => {}) };
    else result.releaseLines?.();
  }
}
