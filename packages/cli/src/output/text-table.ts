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

/** Control characters (a newline inside a message) would break a row; they show as spaces. */
export function cellText(value: string | number | null | undefined, empty = '–'): string {
  if (value === null || value === undefined || value === '') return empty;
  return String(value).replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function displayWidth(text: string): number {
  let width = 0;
  for (const _ of text) width++;
  return width;
}

function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  return `${[...text].slice(0, width - 1).join('')}…`;
}

export class TableLayout {
  private readonly widths: number[];
  private readonly gap: string;

  constructor(
    private readonly columns: readonly TableColumn[],
    sampleRows: ReadonlyArray<readonly string[]>,
    private readonly options: TableOptions,
  ) {
    this.gap = ' '.repeat(options.gap ?? 2);
    this.widths = columns.map((column, index) => {
      const widest = Math.max(displayWidth(column.header), ...sampleRows.map((row) => displayWidth(row[index] ?? '')));
      return Math.min(widest, column.maxWidth ?? Number.POSITIVE_INFINITY);
    });
    if (options.width !== undefined && this.widths.length > 0) {
      const fixed = this.widths.slice(0, -1).reduce((sum, width) => sum + width + this.gap.length, 0);
      const last = this.widths.length - 1;
      this.widths[last] = Math.max(Math.min(this.widths[last]!, options.width - fixed), displayWidth(columns[last]!.header));
    }
  }

  header(): string {
    const { colors } = this.options;
    return this.line(this.columns.map((column) => column.header), (text) => colors.bold(text));
  }

  row(cells: readonly string[]): string {
    return this.line(cells, (text, value, column) => column.style?.(text, value, this.options.colors) ?? text);
  }

  private line(cells: readonly string[], style: (text: string, value: string, column: TableColumn) => string): string {
    const last = this.columns.length - 1;
    return this.columns
      .map((column, index) => {
        const value = cut(cells[index] ?? '', this.widths[index]!);
        const padding = ' '.repeat(Math.max(0, this.widths[index]! - displayWidth(value)));
        // Lines carry no trailing spaces: the last column is not padded, and empty cells are not styled.
        const padded = column.align === 'right' ? padding + value : index === last ? value : value + padding;
        return value === '' ? padded : style(padded, value, column);
      })
      .join(this.gap)
      .replace(/ +$/, '');
  }
}

/** A whole table as lines: header first. */
export function renderTable(columns: readonly TableColumn[], rows: ReadonlyArray<readonly string[]>, options: TableOptions): string[] {
  const layout = new TableLayout(columns, rows, options);
  return [layout.header(), ...rows.map((row) => layout.row(row))];
}
