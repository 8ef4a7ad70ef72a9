// `synctrack history` for people: one row per appearance of a record, oldest run first — the run,
// its start, the record's status and message, and the payload fields changed since its previous
// appearance (`new` the first time; with `values`, each as `field: before → after`); an identifier
// column only when several were asked for.
import { stringifyJson, type JsonValue, type RecordAppearance } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatTime } from './human-format.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

const OUTCOME_STYLE = {
  success: (text: string, colors: Colors) => colors.green(text),
  rejected: (text: string, colors: Colors) => colors.red(text),
  invalid: (text: string, colors: Colors) => colors.yellow(text),
};

/** A field's value in a cell: its JSON, cut short; `–` when the payload does not hold it. */
function fieldValue(payload: JsonValue | null | undefined, field: string): string {
  const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  const value = field === 'record_payload' && !isObject ? payload : isObject && Object.hasOwn(payload, field) ? payload[field] : undefined;
  if (value === undefined) return '–';
  const text = cellText(stringifyJson(value));
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}

export interface RecordHistoryTableOptions {
  colors: Colors;
  width?: number;
  /** An identifier column (when several were asked for). */
  identifiers: boolean;
  /** Each changed field with its value before and after. */
  values?: boolean;
}

export function recordHistoryLines(appearances: readonly RecordAppearance[], options: RecordHistoryTableOptions): string[] {
  const outcomes = new Map<string, keyof typeof OUTCOME_STYLE>();
  const lastPayload = new Map<string, JsonValue | null>();
  const columns: TableColumn[] = [
    ...(options.identifiers ? [{ header: 'IDENTIFIER', maxWidth: 40 } as TableColumn] : []),
    { header: 'RUN' },
    { header: 'STARTED' },
    { header: 'STATUS', style: (text, value, colors) => OUTCOME_STYLE[outcomes.get(value) ?? 'rejected'](text, colors) },
    { header: 'MESSAGE', maxWidth: 60 },
    { header: 'CHANGED', style: (text, value, colors) => (value === 'new' || value === '–' ? colors.dim(text) : colors.bold(text)) },
  ];
  const rows = appearances.map(({ identifier, run, record, previousRunId, changedFields }) => {
    const status = record.status ?? 'NULL (SQL)';
    outcomes.set(status, record.outcome);
    const before = lastPayload.get(identifier);
    lastPayload.set(identifier, record.payload);
    const changes = options.values
      ? changedFields.map((field) => `${field}: ${fieldValue(before, field)} → ${fieldValue(record.payload, field)}`)
      : changedFields;
    return [
      ...(options.identifiers ? [cellText(identifier)] : []),
      run.runId,
      formatTime(run.startedAt),
      status,
      cellText(record.statusMessage),
      previousRunId === null ? 'new' : changes.length === 0 ? '–' : changes.join(options.values ? '; ' : ', '),
    ];
  });
  return renderTable(columns, rows, options);
}
