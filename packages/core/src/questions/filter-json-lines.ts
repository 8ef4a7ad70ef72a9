// filter as JSON Lines: the matching records' `RecordRow`s, written by the decode workers, so a
// consumer that only passes them on (to stdout, a file, a socket) builds no records at all.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { RECORD_ROW_KEYS } from '../model/record-row.js';
import { RECORD_OUTPUT_COLUMNS, payloadFields } from '../records/record-builder.js';
import type { RecordRowKey } from '../records/record-json-line.js';
import type { QuestionContext } from './question-context.js';
import { scanSelects, type SelectScanOptions } from './selected-rows.js';

export interface FilterJsonLinesOptions extends SelectScanOptions {
  /** Keep only these payload fields. */
  fields?: string[];
  /**
   * The keys of each line's `RecordRow`, in order; every key without it. Only the columns these
   * need are read.
   */
  keys?: RecordRowKey[];
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

/** The columns a line of these row keys needs (the keys are column names, and `file`). */
function lineColumns(keys: readonly RecordRowKey[] | undefined): string[] {
  if (keys === undefined) return RECORD_OUTPUT_COLUMNS;
  if (!Array.isArray(keys)) {
    throw new InvalidArgumentError({ message: 'keys must be an array of record row keys', context: { argument: 'keys' } });
  }
  for (const key of keys) {
    if (!RECORD_ROW_KEYS.includes(key)) {
      throw new InvalidArgumentError({
        message: `Unknown record row key ${JSON.stringify(key)}: use ${RECORD_ROW_KEYS.join(', ')}`,
        context: { argument: 'keys' },
      });
    }
  }
  return keys.filter((key) => key !== 'file');
}

/** The records of `filter` as JSON Lines of their `RecordRow`s, a row group's lines at a time (never empty). */
export async function* filterJsonLines(context: QuestionContext, run: RunRef, options: FilterJsonLinesOptions): AsyncGenerator<JsonLinesBatch> {
  const output = lineColumns(options.keys);
  const keys = options.keys === undefined ? [...RECORD_ROW_KEYS] : [...options.keys];
  const fields = payloadFields(options.fields);
  for await (const { result } of scanSelects(context, run, options, output, (file) => ({ keys, fileName: file.name, fields }))) {
    const count = result.rowIndexes.length;
    if (count > 0) yield { lines: result.lines!, count, release: result.releaseLines ?? (() => {}) };
    else result.releaseLines?.();
  }
}
