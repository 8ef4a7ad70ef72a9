// `synctrack history` for people: one row per appearance of a record, oldest run first — the run,
// its start, the record's status and message, and the payload fields changed since its previous
// appearance (`new` the first time); an identifier column only when several were asked for.
import type { RecordAppearance } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatTime } from './human-format.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

const OUTCOME_STYLE = {
  success: (text: string, colors: Colors) => colors.green(text),
  rejected: (text: string, colors: Colors) => colors.red(text),
  invalid: (text: string, colors: Colors) => colors.yellow(text),
};

export function recordHistoryLines(appearances: readonly RecordAppearance[], options: { colors: Colors; width?: number; identifiers: boolean }): string[] {
  const outcomes = new Map<string, keyof typeof OUTCOME_STYLE>();
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
    return [
      ...(options.identifiers ? [cellText(identifier)] : []),
      run.runId,
      formatTime(run.startedAt),
      status,
      cellText(record.statusMessage),
      previousRunId === null ? 'new' : changedFields.length === 0 ? '–' : changedFields.join(', '),
    ];
  });
  return renderTable(columns, rows, options);
}
