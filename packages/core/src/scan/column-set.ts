// The columns of one decoded row group, as the kernels read them: text through byte-level access,
// times as epoch milliseconds. Two sources implement it: Arrow tables from parquet-wasm, and the
// chunks the JavaScript page decoder read.
import type { Table } from 'apache-arrow';
import { textColumnAccess, timeColumn, type TimeReader } from './column-values.js';
import type { Utf8Access } from '../parquet/utf8-access.js';

export interface ColumnSet {
  readonly numRows: number;
  /** Text access to a column; all null when the file lacks it. */
  text(column: string): Utf8Access;
  /** A column's timestamps as epoch milliseconds; all null when the file lacks it. */
  time(column: string): TimeReader;
}

export function arrowColumnSet(table: Table): ColumnSet {
  return {
    numRows: table.numRows,
    text: (column) => textColumnAccess(table, column),
    time: (column) => timeColumn(table, column),
  };
}
