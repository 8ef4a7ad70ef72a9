// Batch time spans from a row group's footer statistics, where the writer recorded them exactly:
// the time columns whose span the footer gives need not be decoded (summary, syncHistory).
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { ParquetFooter } from '../parquet/parquet-footer.js';

export const TIME_COLUMNS = [RECORD_COLUMNS.batchStartedAt, RECORD_COLUMNS.batchEndedAt];

/**
 * The time columns of the row group to decode: those present whose exact min and max the footer
 * does not hold (all of them when `fromStatistics` is off). The others' spans go to `onSpan`.
 */
export function timeColumnsToDecode(
  footer: ParquetFooter,
  rowGroup: number,
  fromStatistics: boolean,
  onSpan: (column: string, span: { min: number; max: number }) => void,
): string[] {
  const group = footer.rowGroups[rowGroup]!;
  return TIME_COLUMNS.filter((column) => {
    if (!footer.columnNames.includes(column)) return false;
    const stats = group.statistics.get(column);
    if (!fromStatistics || typeof stats?.min !== 'number' || typeof stats.max !== 'number' || stats.nullCount === null) return true;
    onSpan(column, { min: stats.min, max: stats.max });
    return false;
  });
}
