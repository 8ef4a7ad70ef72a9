// The select kernel: the rows of a row group a predicate keeps (from a start row, cut at a limit or
// at the ordinals a sample drew), with the cells of the columns it prints.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { ColumnSet } from './column-set.js';
import { compilePredicate, withoutIdentifiers } from './row-predicate.js';
import type { SelectKernel } from './decode-protocol.js';
import type { CellValue, SelectResult } from '../records/decoded-rows.js';

const TIME_COLUMNS = new Set<string>([RECORD_COLUMNS.batchStartedAt, RECORD_COLUMNS.batchEndedAt]);

/** How a select returns a column's cells: epoch milliseconds for the batch times, else text. */
export function cellKind(column: string): 'time' | 'text' {
  return TIME_COLUMNS.has(column) ? 'time' : 'text';
}

function cellReader(columns: ColumnSet, column: string): (row: number) => CellValue {
  if (cellKind(column) === 'time') return columns.time(column);
  const access = columns.text(column);
  return (row) => access.string(row);
}

/** The cells of `rows` of one column, as a select returns them. */
export function readCells(columns: ColumnSet, column: string, rows: readonly number[]): CellValue[] {
  return rows.map(cellReader(columns, column));
}

/**
 * A select over every row, or with `identifierRows` (ascending) over only those: the rows whose
 * identifier the predicate asks for, found beforehand; the rest of the predicate is tested on them.
 */
export function runSelect(source: ColumnSet, kernel: SelectKernel, identifierRows?: readonly number[]): SelectResult {
  const rowCount = source.numRows;
  const test = compilePredicate(source, identifierRows === undefined ? kernel.predicate : withoutIdentifiers(kernel.predicate));
  const readers = kernel.output.map((column) => [column, cellReader(source, column)] as const);
  const columns: Record<string, CellValue[]> = Object.fromEntries(kernel.output.map((column) => [column, []]));
  const rowIndexes: number[] = [];
  const ordinals = kernel.ordinals;
  let ordinalAt = 0;
  let matched = 0;
  let nextRow: number | null = null;
  const end = identifierRows === undefined ? rowCount : identifierRows.length;
  for (let at = identifierRows === undefined ? kernel.startRow : 0; at < end; at++) {
    const row = identifierRows === undefined ? at : identifierRows[at]!;
    if (row < kernel.startRow || (test !== null && !test(row))) continue;
    const ordinal = matched++;
    if (ordinals !== undefined) {
      if (ordinalAt >= ordinals.length) break;
      if (ordinals[ordinalAt] !== ordinal) continue;
      ordinalAt++;
    }
    rowIndexes.push(row);
    for (const [column, read] of readers) columns[column]!.push(read(row));
    if (kernel.limit !== null && rowIndexes.length >= kernel.limit) {
      nextRow = row + 1 < rowCount ? row + 1 : null;
      break;
    }
  }
  return { kind: 'select', rowCount, matched, rowIndexes, columns, nextRow };
}
