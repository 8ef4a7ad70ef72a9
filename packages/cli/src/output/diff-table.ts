// `synctrack diff` for people: the two runs, outcome counts side by side with arrows, the five
// identifier counts, and the error groups that changed most. On a terminal a change is coloured by
// whether it is good news (fewer rejections, more successes: green) or bad (red).
import type { ComparedRun, RunComparison } from '@synctrack/core';
import type { Colors } from './colors.js';
import { formatCount, formatTime } from './human-format.js';
import { cellText, renderTable, type TableColumn } from './text-table.js';

export interface DiffTableOptions {
  colors: Colors;
  width?: number;
  templates: boolean;
  /** Error groups shown (the largest changes); the rest are counted. */
  errorRows?: number;
  /** How to name the head run in the `--list` hint (the command line without its flags). */
  listHint?: string;
}

/** `↑ 120`, `↓ 45`, `=` for no change. */
export function changeText(change: number): string {
  if (change === 0) return '=';
  return `${change > 0 ? '↑' : '↓'} ${formatCount(Math.abs(change))}`;
}

/** Colours a change: `worse` says which direction is bad news. */
function changeStyle(worse: 'up' | 'down' | 'none') {
  return (text: string, value: string, colors: Colors) => {
    if (worse === 'none' || value === '=') return colors.dim(text);
    const up = value.startsWith('↑');
    return (worse === 'up') === up ? colors.red(text) : colors.green(text);
  };
}

function runLine(label: string, run: ComparedRun, colors: Colors): string {
  const name = run.run.ids === null ? run.run.location : `run ${run.run.ids.runId}`;
  return `${colors.dim(label.padEnd(6))}${colors.bold(name)}${run.startedAt === null ? '' : `, started ${formatTime(run.startedAt)}`}`;
}

const IDENTIFIER_ROWS = [
  ['newlyFailing', 'newly failing', 'newly-failing', 'failing now, not failing before'],
  ['fixed', 'fixed', 'fixed', 'failing before, in the head and not failing now'],
  ['stillFailing', 'still failing', 'still-failing', 'failing in both runs'],
  ['added', 'added', 'added', 'in the head only'],
  ['removed', 'removed', 'removed', 'in the base only'],
] as const;

export function diffLines(comparison: RunComparison, options: DiffTableOptions): string[] {
  const { colors } = options;
  const lines = [runLine('Head', comparison.head, colors), runLine('Base', comparison.base, colors), ''];
  const number = (header: string): TableColumn => ({ header, align: 'right' });
  const outcomeRows = (['success', 'rejected', 'invalid'] as const).map((outcome) => {
    const { base, head, change } = comparison.outcomes[outcome];
    return [outcome, formatCount(base), formatCount(head), changeText(change)];
  });
  outcomeRows.push(['total', formatCount(comparison.base.total), formatCount(comparison.head.total), changeText(comparison.head.total - comparison.base.total)]);
  // Each outcome row is coloured by its own sense of worse: fewer successes is bad, more rejections
  // is. The style sees only the cell, so it counts the rows it styles (one CHANGE cell per row, in order).
  const worseFor = (row: number) => (row === 0 ? 'down' : row === 3 ? 'none' : 'up');
  let row = 0;
  lines.push(
    ...renderTable(
      [
        { header: 'RECORDS' },
        number('BASE'),
        number('HEAD'),
        { header: 'CHANGE', align: 'right', style: (text, value, c) => changeStyle(worseFor(row++ % 4))(text, value, c) },
      ],
      outcomeRows,
      { colors },
    ),
  );
  const identifierStyle = (text: string, value: string, c: Colors) =>
    value === 'newly failing' ? c.red(text) : value === 'fixed' ? c.green(text) : value === 'still failing' ? c.yellow(text) : text;
  lines.push(
    '',
    ...renderTable(
      [{ header: 'IDENTIFIERS', style: identifierStyle }, number('COUNT'), { header: '', style: (text, _value, c) => c.dim(text) }],
      IDENTIFIER_ROWS.map(([key, label, , meaning]) => [label, formatCount(comparison.identifiers[key]), meaning]),
      { colors },
    ),
  );
  const shown = Math.min(comparison.errors.length, options.errorRows ?? 10);
  lines.push('');
  if (comparison.errors.length === 0) {
    lines.push('No rejected records in either run.');
  } else {
    const rows = comparison.errors.slice(0, shown).map((group) => [
      formatCount(group.base),
      formatCount(group.head),
      changeText(group.change),
      group.new ? 'new' : '',
      cellText(group.statusMessage, '(no message)'),
    ]);
    lines.push(
      ...renderTable(
        [
          number('BASE'),
          number('HEAD'),
          { header: 'CHANGE', align: 'right', style: changeStyle('up') },
          { header: 'NEW', style: (text, _value, c) => c.red(c.bold(text)) },
          { header: options.templates ? 'ERROR TEMPLATE' : 'ERROR MESSAGE' },
        ],
        rows,
        { colors, width: options.width },
      ),
    );
    const rest = comparison.errors.length - shown;
    if (rest > 0) lines.push(colors.dim(`… ${formatCount(rest)} more ${options.templates ? 'templates' : 'messages'} (--json lists them all)`));
  }
  if (options.listHint !== undefined) {
    lines.push('', colors.dim(`Records of a set: ${options.listHint} --list newly-failing (or fixed, still-failing, added, removed)`));
  }
  return lines;
}
