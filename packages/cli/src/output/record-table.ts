// Records for people: one row per record for filter and sample (the table keeps the widths of its first
// page, so a long filter streams; `--columns` picks its columns), or one card per record with its
// payload for find.
import { outcomeOf, type SyncRecord } from '@synctrack/core';
import { payloadCellText } from '@synctrack/core/internal';
import type { Colors } from './colors.js';
import type { RecordKey } from './record-fields.js';
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

/** A table column for one record field, and how a record fills it. */
interface RecordTableColumn extends TableColumn {
  cell: (record: SyncRecord) => string;
}

const TABLE_COLUMNS: Record<RecordKey, RecordTableColumn> = {
  identifier: { header: 'IDENTIFIER', maxWidth: 40, cell: (record) => cellText(record.identifier, '(null)') },
  record_payload: {
    header: 'PAYLOAD',
    maxWidth: 60,
    cell: (record) => (record.payload === null ? '(null)' : cellText(payloadCellText(record.payload, record.payloadRaw))),
  },
  operation: { header: 'OPERATION', maxWidth: 12, cell: (record) => cellText(record.operation) },
  status: {
    header: 'STATUS',
    style: (text, value, colors) => styleStatus(text, value === '(null)' ? null : value, colors),
    cell: (record) => statusText(record.status),
  },
  status_message: { header: 'MESSAGE', cell: (record) => cellText(record.statusMessage) },
  batch_started_at: { header: 'BATCH STARTED', maxWidth: 23, cell: (record) => formatTime(record.batchStartedAt) },
  batch_ended_at: { header: 'BATCH ENDED', maxWidth: 23, cell: (record) => formatTime(record.batchEndedAt) },
  file: { header: 'FILE', maxWidth: 32, cell: (record) => cellText(record.origin.file) },
};

/** Without `--columns`: what tells records apart at a glance; payloads are for `find`'s cards. */
const DEFAULT_TABLE_KEYS: readonly RecordKey[] = ['identifier', 'status', 'operation', 'batch_started_at', 'file', 'status_message'];

/** Streams record rows: the first `pageSize` records set the column widths. */
export class RecordRows {
  private readonly pending: SyncRecord[] = [];
  private layout: TableLayout | null = null;
  private readonly columns: readonly RecordTableColumn[];

  constructor(
    private readonly options: { colors: Colors; width?: number; pageSize?: number; keys?: readonly RecordKey[] },
    private readonly write: (line: string) => Promise<void>,
  ) {
    this.columns = (options.keys ?? DEFAULT_TABLE_KEYS).map((key) => TABLE_COLUMNS[key]);
  }

  private cells(record: SyncRecord): string[] {
    return this.columns.map((column) => column.cell(record));
  }

  async add(record: SyncRecord): Promise<void> {
    if (this.layout !== null) return this.write(this.layout.row(this.cells(record)));
    this.pending.push(record);
    if (this.pending.length >= (this.options.pageSize ?? 50)) await this.flush();
  }

  /** Prints what is buffered; call once more at the end. */
  async flush(): Promise<void> {
    if (this.layout === null) {
      if (this.pending.length === 0) return;
      const rows = this.pending.map((record) => this.cells(record));
      this.layout = new TableLayout(this.columns, rows, this.options);
      await this.write(this.layout.header());
      for (const row of rows) await this.write(this.layout.row(row));
      this.pending.length = 0;
    }
  }
}

/**
 * The payload's lines on a card: indented JSON; JSON too deep to indent sensibly (thousands of
 * levels) on one line; the text stored, as it is, when it could not be parsed.
 */
function payloadLines(record: SyncRecord, colors: Colors): string[] {
  if (record.payload === null) return ['(null)'];
  if (record.payloadRaw === true) return [`${colors.dim('(not JSON: the text stored)')} ${cellText(record.payload as string)}`];
  try {
    return JSON.stringify(record.payload, null, 2).split('\n');
  } catch {
    return [payloadCellText(record.payload, false)!];
  }
}

/** A record as a block of labelled lines, with its payload as indented JSON. */
export function recordCard(record: SyncRecord, colors: Colors): string[] {
  const label = (text: string) => colors.dim(text.padEnd(12));
  const origin = `${record.origin.file}, row ${record.origin.rowIndex}`;
  const payload = payloadLines(record, colors);
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
