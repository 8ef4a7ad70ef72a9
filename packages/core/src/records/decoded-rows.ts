// The rows a select decodes, as the output formats take them: plain cells per column, or UTF-8 texts
// inside a worker, and the request for JSON Lines written from them.
import type { Utf8Texts } from '../model/utf8-texts.js';
import type { RecordRowKey } from './record-json-line.js';

/**
 * JSON Lines of the matches' `RecordRow`s, written in the worker: the main thread of a filter that
 * prints 160k records then only passes bytes on, instead of receiving, building and writing them.
 */
export interface LinesRequest {
  /** The row's keys to write, in order (`recordJsonLineWriter`). */
  keys: RecordRowKey[];
  /** The row group's file name within the run, for the `file` key. */
  fileName: string;
  /** Payload fields to keep (`FilterOptions.fields`). */
  fields?: string[];
}

export type CellValue = string | number | null;

export interface SelectResult {
  kind: 'select';
  rowCount: number;
  /** Matches seen (all of them unless `limit` stopped the scan early). */
  matched: number;
  rowIndexes: number[];
  columns: Record<string, CellValue[]>;
  /**
   * Text columns of a select with `lines`, as UTF-8 instead of in `columns` (inside the worker
   * only: the lines are written from them).
   */
  text?: Record<string, Utf8Texts>;
  /** With `SelectKernel.lines`: one JSON line per row of `rowIndexes`, and `columns` is empty. */
  lines?: Uint8Array;
  /**
   * Set on the main thread with `lines`: hands their memory back to the thread that wrote them,
   * for its next lines (they read as empty afterwards). Optional to call.
   */
  releaseLines?: () => void;
  /** Where to resume in this row group when `limit` stopped the scan; null when it finished. */
  nextRow: number | null;
}
