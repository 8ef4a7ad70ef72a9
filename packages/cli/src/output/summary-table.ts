// `synctrack summary` for people: where the run is, what it synced (named from the organization's
// fact tables, as the viewer names it), and its counts by outcome, status, operation and batch type.
import { SOURCE_OBJECT_KINDS, type Destination, type DestinationObject, type RunDetails, type RunSummary, type SourceObject } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatBytes, formatCount, formatPercent, formatTime, formatTimeSpan } from './human-format.js';
import { styleStatus, statusText } from './record-table.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

function countColumns(first: TableColumn): TableColumn[] {
  return [first, { header: 'RECORDS', align: 'right' }, { header: 'SHARE', align: 'right' }];
}

/** `DataWarehouse::Query` → `model`, `Salesforce::Connection` → `Salesforce`, `…::ObjectTypes::Contact` → `Contact` (as the viewer says). */
function kindOf(type: string | null): string | null {
  return type === null ? null : (SOURCE_OBJECT_KINDS[type] ?? type.replace(/::Connection$/, '').replace(/^.*::ObjectTypes::/, ''));
}

/** `dim_customers (model, id 9001)` from the fact-table row; `model (id 9001)` or `object 7` from the metadata alone. */
function named(row: SourceObject | Destination | DestinationObject | null, id: string | null, type: string | null, fallback: string): string {
  const kind = kindOf(row?.type ?? type);
  const name = row?.name ?? kind;
  if (name === null) return id === null ? '–' : `${fallback} ${id}`;
  const notes = [...(kind !== null && kind !== name ? [kind] : []), ...(id === null ? [] : [`id ${id}`])];
  return notes.length === 0 ? name : `${name} (${notes.join(', ')})`;
}

/** `details`: the run's fact-table rows (`describeRun`); null when they could not be read. */
export function summaryLines(summary: RunSummary, colors: Colors, details: RunDetails | null = null): string[] {
  const { run, metadata } = summary;
  const label = (text: string) => colors.dim(text.padEnd(13));
  const lines = [`${label('Run')}${colors.bold(run.location)}`];
  if (run.ids !== null) lines.push(`${label('')}org ${run.ids.orgId} · sync ${run.ids.syncId} · run ${run.ids.runId}`);
  if (metadata !== null) {
    lines.push(`${label('Started')}${formatTime(metadata.runStartedAt)}`);
    lines.push(`${label('Source')}${named(details?.sourceObject ?? null, metadata.sourceId, metadata.sourceType, 'source')}`);
    lines.push(
      `${label('Destination')}${named(details?.destination ?? null, metadata.destinationId, metadata.destinationType, 'destination')}` +
        (metadata.destinationObjectId === null ? '' : ` · ${named(details?.destinationObject ?? null, metadata.destinationObjectId, null, 'object')}`),
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
