// `synctrack errors` for people: rejection messages, largest group first, with example identifiers.
import type { ErrorGroup } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatCount, formatPercent } from './human-format.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

export function errorGroupLines(groups: readonly ErrorGroup[], options: { colors: Colors; width?: number; templates: boolean }): string[] {
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  const columns: TableColumn[] = [
    { header: 'RECORDS', align: 'right' },
    { header: 'SHARE', align: 'right' },
    ...(options.templates ? [{ header: 'VARIANTS', align: 'right' } as TableColumn] : []),
    { header: 'MESSAGE', maxWidth: 80, style: (text, _value, colors) => colors.red(text) },
    { header: 'EXAMPLES' },
  ];
  const rows = groups.map((group) => [
    formatCount(group.count),
    formatPercent(group.count, total),
    ...(options.templates ? [formatCount(group.messages ?? 1)] : []),
    cellText(group.statusMessage, '(no message)'),
    group.examples.map((example) => example ?? '(null)').join(', '),
  ]);
  return renderTable(columns, rows, options);
}
