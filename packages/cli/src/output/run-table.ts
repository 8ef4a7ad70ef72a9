// `synctrack runs` for people: one row per run, newest first within each sync, with counts by outcome,
// the rejected share and its change from the run before (red when it rose, green when it fell).
import type { Colors } from './colors.js';
import { formatBytes, formatCount, formatPercent, formatTime } from './human-format.js';
import { renderTable, type TableColumn } from './text-table.js';

export interface RunRow {
  orgId: string;
  syncId: string;
  runId: string;
  /** Still being written (RunInfo.inProgress): its counts are of the files so far. */
  inProgress: boolean;
  startedAt: Date | null;
  counts: { total: number; success: number; rejected: number; invalid: number; files: number; bytes: number } | null;
  /** The rate minus the previous run's; null for the first run or when either is unknown. */
  rejectedRateChange: number | null;
  error: string | null;
}

export function runTableLines(rows: readonly RunRow[], options: { colors: Colors; width?: number }): string[] {
  const number = (style?: (text: string, colors: Colors) => string): TableColumn => ({
    header: '',
    align: 'right',
    ...(style === undefined ? {} : { style: (text: string, value: string, colors: Colors) => (value === '0' ? text : style(text, colors)) }),
  });
  const columns: TableColumn[] = [
    { header: 'ORG' },
    { header: 'SYNC' },
    { header: 'RUN' },
    { header: 'STARTED' },
    { ...number(), header: 'RECORDS' },
    { ...number((text, colors) => colors.green(text)), header: 'SUCCESS' },
    { ...number((text, colors) => colors.red(text)), header: 'REJECTED' },
    { ...number((text, colors) => colors.yellow(text)), header: 'INVALID' },
    { header: 'REJECTED %', align: 'right' },
    {
      header: 'CHANGE',
      align: 'right',
      style: (text, value, colors) => (value.startsWith('▲') ? colors.red(text) : value.startsWith('▼') ? colors.green(text) : text),
    },
    { ...number(), header: 'FILES' },
    { header: 'SIZE', align: 'right' },
  ];
  const withErrors = rows.some((row) => row.error !== null);
  if (withErrors) columns.push({ header: 'ERROR', style: (text, _value, colors) => colors.red(text) });
  return renderTable(
    columns,
    rows.map((row) => [
      row.orgId,
      row.syncId,
      row.inProgress ? `${row.runId} (in progress)` : row.runId,
      formatTime(row.startedAt),
      row.counts === null ? '–' : formatCount(row.counts.total),
      row.counts === null ? '–' : formatCount(row.counts.success),
      row.counts === null ? '–' : formatCount(row.counts.rejected),
      row.counts === null ? '–' : formatCount(row.counts.invalid),
      row.counts === null ? '–' : formatPercent(row.counts.rejected, row.counts.total),
      formatRateChange(row.rejectedRateChange),
      row.counts === null ? '–' : formatCount(row.counts.files),
      row.counts === null ? '–' : formatBytes(row.counts.bytes),
      ...(withErrors ? [row.error ?? ''] : []),
    ]),
    options,
  );
}

/** A change of share in percentage points, with an arrow: ▲ rose, ▼ fell, = the same to 0.1 point; blank for the first run. */
export function formatRateChange(change: number | null): string {
  if (change === null) return '';
  const points = change * 100;
  if (Math.abs(points) < 0.05) return change === 0 ? '=' : points > 0 ? '▲ <0.1 pp' : '▼ <0.1 pp';
  return `${points > 0 ? '▲' : '▼'} ${Math.abs(points).toFixed(1)} pp`;
}
