// Plain aligned text tables for people: a header, padded columns, long cells cut with "…" to fit a
// terminal. Widths come from the rows given up front, so a stream of records can be printed as it
// arrives with the widths of its first page.
import type { Colors } from './colors.js';

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** The widest this column may get (the last column takes what the terminal has left). */
  maxWidth?: number;
  /** Styles a padded cell; `value` is the cell's text before padding. */
  style?: (text: string, value: string, colors: Colors) => string;
}

export interface TableOptions {
  colors: Colors;
  /** The terminal width; without it nothing is cut but the columns' own `maxWidth`. */
  width?: number;
  gap?: number;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROLS = /[\u0000-\u001f\u007f]+/g;
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Control characters (a newline inside a message) would break a row; they show as spaces. */
export function cellText(value: string | number | null | undefined, empty = '–'): string {
  if (value === null || value === undefined || value === '') return empty;
  const text = String(value);
  return CONTROL.test(text) ? text.replace(CONTROLS, ' ') : text;
}

/**
 * A text's width in code points. Its UTF-16 length unless it holds a surrogate (an emoji): a table
 * of 10,000 error groups measures 100k cells, and walking each by code point was ~10 ms of it.
 */
function displayWidth(text: string): number {
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let width = 0;
  for (const _ of text) width++;
  return width;
}

/** The line without its trailing spaces. */
function trimSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  return end === line.length ? line : line.slice(0, end);
}

/**
 * `text`, wider than `width`, cut to it with an ellipsis: a slice, unless a surrogate pair could be
 * split (the messages of a 10M run, half of them cut, went through an array of characters each).
 */
function cut(text: string, width: number): string {
  if (width <= 1) return '…'.slice(0, width);
  if (!HIGH_SURROGATE.test(text)) return `${text.slice(0, width - 1)}…`;
  let end = 0;
  for (let kept = 0; kept < width - 1; kept++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return `${text.slice(0, end)}…`;
}

export class TableLayout {
  private readonly widths: number[];
  private readonly gap: string;

  constructor(
    private readonly columns: readonly TableColumn[],
    sampleRows: Iterable<readonly string[]>,
    private readonly options: TableOptions,
  ) {
    this.gap = ' '.repeat(options.gap ?? 2);
    // One pass over the rows (they may come from a generator), every column at once.
    const widest = columns.map((column) => displayWidth(column.header));
    for (const row of sampleRows) {
      for (let index = 0; index < widest.length; index++) widest[index] = Math.max(widest[index]!, displayWidth(row[index] ?? ''));
    }
    this.widths = columns.map((column, index) => Math.min(widest[index]!, column.maxWidth ?? Number.POSITIVE_INFINITY));
    if (options.width !== undefined && this.widths.length > 0) {
      const fixed = this.widths.slice(0, -1).reduce((sum, width) => sum + width + this.gap.length, 0);
      const last = this.widths.length - 1;
      this.widths[last] = Math.max(Math.min(this.widths[last]!, options.width - fixed), displayWidth(columns[last]!.header));
    }
  }

  header(): string {
    return this.line(this.columns.map((column) => column.header), true);
  }

  row(cells: readonly string[]): string {
    return this.line(cells, false);
  }

  /**
   * One line, a plain loop over the cells: a CLI process renders a table once, mostly before V8
   * optimizes anything, and 10,000 error groups through a map of closures per row took ~85 ms so.
   */
  private line(cells: readonly string[], header: boolean): string {
    const { colors } = this.options;
    const last = this.columns.length - 1;
    let text = '';
    for (let index = 0; index <= last; index++) {
      const column = this.columns[index]!;
      const width = this.widths[index]!;
      const cell = cells[index] ?? '';
      const cellWidth = displayWidth(cell);
      // A cut cell is exactly as wide as its column.
      const value = cellWidth <= width ? cell : cut(cell, width);
      const padding = cellWidth < width ? ' '.repeat(width - cellWidth) : '';
      // Lines carry no trailing spaces: the last column is not padded, and empty cells are not styled.
      const padded = column.align === 'right' ? padding + value : index === last ? value : value + padding;
      const styled = value === '' ? padded : header ? colors.bold(padded) : (column.style?.(padded, value, colors) ?? padded);
      text = index === 0 ? styled : text + this.gap + styled;
    }
    return trimSpaces(text);
  }
}

/** A whole table as lines: header first. */
export function renderTable(columns: readonly TableColumn[], rows: ReadonlyArray<readonly string[]>, options: TableOptions): string[] {
  const layout = new TableLayout(columns, rows, options);
  return [layout.header(), ...rows.map((row) => layout.row(row))];
}

/** Rows in a table's text at a time (`tableText`). */
const CHUNK_ROWS = 1024;

/**
 * A table of many rows as text, newline-ended, a thousand lines at a time: `rows()` is called twice,
 * once to measure the columns and once to print them, so neither the rows nor their lines are held
 * all at once. The 267k error groups of a 10M run held as lines, then joined, cost more in garbage
 * collection than in making them.
 */
export function* tableText(columns: readonly TableColumn[], rows: () => Iterable<readonly string[]>, options: TableOptions): Generator<string> {
  const layout = new TableLayout(columns, rows(), options);
  let lines = [layout.header()];
  for (const row of rows()) {
    lines.push(layout.row(row));
    if (lines.length === CHUNK_ROWS) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
