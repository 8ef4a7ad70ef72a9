// Records for people: one row per record for filter and sample (the table keeps the widths of its first
// page, so a long filter streams), or one card per record with its payload for find.
import { outcomeOf, type SyncRecord } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatTime, formatTimeSpan } from './human-format.js';
import { TableLayout, cellText, type TableColumn } from './text-table.js';

export function styleStatus(text: string, status: string | null, colors: Colors): string {
  const outcome = outcomeOf(status);
  return outcome === 'success' ? colors.green(text) : outcome === 'rejected' ? colors.red(text) : colors.yellow(text);
}

/** The status as stored; SQL NULL shows as `(null)` so it is not confused with the string `NULL`. */
export function statusText(status: string | null): string {
  return status === null ? '(null)' : cellText(status);
}

const RECORD_COLUMNS: TableColumn[] = [
  { header: 'IDENTIFIER', maxWidth: 40 },
  { header: 'STATUS', style: (text, value, colors) => styleStatus(text, value === '(null)' ? null : value, colors) },
  { header: 'OPERATION', maxWidth: 12 },
  { header: 'BATCH STARTED', maxWidth: 23 },
  { header: 'FILE', maxWidth: 32 },
  { header: 'MESSAGE' },
];

function recordRow(record: SyncRecord): string[] {
  return [
    cellText(record.identifier, '(null)'),
    statusText(record.status),
    cellText(record.operation),
    formatTime(record.batchStartedAt),
    cellText(record.origin.file),
    cellText(record.statusMessage),
  ];
}

/** Streams record rows: the first `pageSize` records set the column widths. */
export class RecordRows {
  private readonly pending: SyncRecord[] = [];
  private layout: TableLayout | null = null;

  constructor(
    private readonly options: { colors: Colors; width?: number; pageSize?: number },
    private readonly write: (line: string) => Promise<void>,
  ) {}

  async add(record: SyncRecord): Promise<void> {
    if (this.layout !== null) return this.write(this.layout.row(recordRow(record)));
    this.pending.push(record);
    if (this.pending.length >= (this.options.pageSize ?? 50)) await this.flush();
  }

  /** Prints what is buffered; call once more at the end. */
  async flush(): Promise<void> {
    if (this.layout === null) {
      if (this.pending.length === 0) return;
      const rows = this.pending.map(recordRow);
      this.layout = new TableLayout(RECORD_COLUMNS, rows, this.options);
      await this.write(this.layout.header());
      for (const row of rows) await this.write(this.layout.row(row));
      this.pending.length = 0;
    }
  }
}

/** A record as a block of labelled lines, with its payload as indented JSON. */
export function recordCard(record: SyncRecord, colors: Colors): string[] {
  const label = (text: string) => colors.dim(text.padEnd(12));
  const origin = `${record.origin.file}, row ${record.origin.rowIndex}`;
  const payload = record.payload === null ? ['(null)'] : JSON.stringify(record.payload, null, 2).split('\n');
  return [
    `${label('identifier')}${colors.bold(cellText(record.identifier, '(null)'))}`,
    `${label('status')}${styleStatus(statusText(record.status), record.status, colors)}${record.status === record.outcome ? '' : ` (${record.outcome})`}`,
    `${label('operation')}${cellText(record.operation)}`,
    `${label('message')}${cellText(record.statusMessage)}`,
    `${label('batch')}${formatTimeSpan(record.batchStartedAt, record.batchEndedAt)}`,
    `${label('file')}${origin}`,
    `${label('payload')}${payload[0]}`,
    ...payload.slice(1).map((line) => `${' '.repeat(12)}${line}`),
  ];
}
