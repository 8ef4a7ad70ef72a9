// `synctrack runs` for people: one row per run, newest first within each sync, with counts by outcome.
import type { Colors } from './colors.js';
import { formatBytes, formatCount, formatTime } from './human-format.js';
import { renderTable, type TableColumn } from './text-table.js';

export interface RunRow {
  orgId: string;
  syncId: string;
  runId: string;
  startedAt: Date | null;
  counts: { total: number; success: number; rejected: number; invalid: number; files: number; bytes: number } | null;
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
      row.runId,
      formatTime(row.startedAt),
      row.counts === null ? '–' : formatCount(row.counts.total),
      row.counts === null ? '–' : formatCount(row.counts.success),
      row.counts === null ? '–' : formatCount(row.counts.rejected),
      row.counts === null ? '–' : formatCount(row.counts.invalid),
      row.counts === null ? '–' : formatCount(row.counts.files),
      row.counts === null ? '–' : formatBytes(row.counts.bytes),
      ...(withErrors ? [row.error ?? ''] : []),
    ]),
    options,
  );
}
