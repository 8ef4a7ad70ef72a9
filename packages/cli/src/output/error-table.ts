// `synctrack errors` for people: rejection messages, largest group first, with example identifiers.
import type { ErrorGroup } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatCount, formatPercent } from './human-format.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

/** `total`: the rejected records of every group, when `groups` are only the largest (`--limit`). */
export function errorGroupLines(groups: readonly ErrorGroup[], options: { colors: Colors; width?: number; templates: boolean; total?: number }): string[] {
  const total = options.total ?? groups.reduce((sum, group) => sum + group.count, 0);
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
