// `synctrack summary` for people: where the run is, what it synced, and its counts by outcome, status,
// operation and batch type.
import type { RunSummary } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatBytes, formatCount, formatPercent, formatTime, formatTimeSpan } from './human-format.js';
import { styleStatus, statusText } from './record-table.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

function countColumns(first: TableColumn): TableColumn[] {
  return [first, { header: 'RECORDS', align: 'right' }, { header: 'SHARE', align: 'right' }];
}

export function summaryLines(summary: RunSummary, colors: Colors): string[] {
  const { run, metadata } = summary;
  const label = (text: string) => colors.dim(text.padEnd(13));
  const lines = [`${label('Run')}${colors.bold(run.location)}`];
  if (run.ids !== null) lines.push(`${label('')}org ${run.ids.orgId} · sync ${run.ids.syncId} · run ${run.ids.runId}`);
  if (metadata !== null) {
    lines.push(`${label('Started')}${formatTime(metadata.runStartedAt)}`);
    const endpoint = (type: string | null, id: string | null) => `${type ?? '–'}${id === null ? '' : ` (id ${id})`}`;
    lines.push(`${label('Source')}${endpoint(metadata.sourceType, metadata.sourceId)}`);
    lines.push(
      `${label('Destination')}${endpoint(metadata.destinationType, metadata.destinationId)}` +
        (metadata.destinationObjectId === null ? '' : `, object ${metadata.destinationObjectId}`),
    );
  } else {
    lines.push(`${label('Metadata')}${colors.yellow('no metadata.json in this run')}`);
  }
  lines.push(`${label('Records')}${formatCount(summary.total)} in ${formatCount(summary.files)} files, ${formatBytes(summary.bytes)}`);
  lines.push(`${label('Batches')}${formatTimeSpan(summary.batchStartedAt?.first, summary.batchEndedAt?.last)}`);
  const options = { colors };
  const share = (count: number) => formatPercent(count, summary.total);
  const outcomeColumn: TableColumn = { header: 'OUTCOME', style: (text, value, c) => styleStatus(text, value === 'success' ? 'succeeded' : value === 'rejected' ? 'rejected' : null, c) };
  lines.push(
    '',
    ...renderTable(
      countColumns(outcomeColumn),
      (['success', 'rejected', 'invalid'] as const).map((outcome) => [outcome, formatCount(summary.byOutcome[outcome]), share(summary.byOutcome[outcome])]),
      options,
    ),
  );
  if (summary.byStatus.length > 0) {
    const statusColumn: TableColumn = { header: 'STATUS', style: (text, value, c) => styleStatus(text, value === '(null)' ? null : value, c) };
    lines.push('', ...renderTable(countColumns(statusColumn), summary.byStatus.map(({ status, count }) => [statusText(status), formatCount(count), share(count)]), options));
  }
  if (summary.byOperation.length > 0) {
    lines.push(
      '',
      ...renderTable(
        countColumns({ header: 'OPERATION' }),
        summary.byOperation.map(({ operation, count }) => [cellText(operation, '(null)'), formatCount(count), share(count)]),
        options,
      ),
    );
  }
  if (summary.byBatchType.length > 0) {
    lines.push(
      '',
      ...renderTable(
        [{ header: 'BATCH TYPE' }, { header: 'FILES', align: 'right' }, { header: 'RECORDS', align: 'right' }],
        summary.byBatchType.map(({ batchType, files, count }) => [batchType, formatCount(files), formatCount(count)]),
        options,
      ),
    );
  }
  return lines;
}
