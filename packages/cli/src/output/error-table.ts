// `synctrack errors` for people: rejection messages, largest group first, with example identifiers.
import type { ErrorGroup } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatCount, formatPercent } from './human-format.js';
import { cellText, tableText, type TableColumn } from './text-table.js';

export interface ErrorTableOptions {
  colors: Colors;
  width?: number;
  templates: boolean;
  /** The rejected records of every group, when `groups` are only the largest (`--limit`). */
  total?: number;
}

function errorColumns(options: ErrorTableOptions): TableColumn[] {
  return [
    { header: 'RECORDS', align: 'right' },
    { header: 'SHARE', align: 'right' },
    ...(options.templates ? [{ header: 'VARIANTS', align: 'right' } as TableColumn] : []),
    { header: 'MESSAGE', maxWidth: 80, style: (text, _value, colors) => colors.red(text) },
    { header: 'EXAMPLES' },
  ];
}

/**
 * Each group's cells, made as they are read; the messages' cell texts are made once (`messages`,
 * mostly the groups' own strings), not at each read: a check of 267k messages cost ~40 ms.
 */
function* errorRows(groups: readonly ErrorGroup[], messages: readonly string[], options: ErrorTableOptions, total: number): Generator<string[]> {
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index]!;
    yield [
      formatCount(group.count),
      formatPercent(group.count, total),
      ...(options.templates ? [formatCount(group.messages ?? 1)] : []),
      messages[index]!,
      group.examples.map((example) => example ?? '(null)').join(', '),
    ];
  }
}

/** The table as text, a thousand groups at a time (`tableText`): what `synctrack errors` prints. */
export function errorGroupText(groups: readonly ErrorGroup[], options: ErrorTableOptions): Iterable<string> {
  const total = options.total ?? groups.reduce((sum, group) => sum + group.count, 0);
  const messages = groups.map((group) => cellText(group.statusMessage, '(no message)'));
  return tableText(errorColumns(options), () => errorRows(groups, messages, options, total), options);
}
