// Prints a streaming DuckDB result chunk by chunk (2,048 rows at most in memory): an aligned table for
// people (widths from the first chunk), JSON Lines for `--json`, CSV (RFC 4180) for `--csv`.
import type { DuckDBResult } from '@duckdb/node-api';
import type { OutputSink } from '../output/output-sink.js';
import type { Colors } from '../output/colors.js';
import { cellText, TableLayout, type TableColumn } from '../output/text-table.js';
import type { DuckDbModule } from './duckdb-module.js';
import { cellValue, parsedJson, plainValue, type PlainValue } from './sql-values.js';

export type SqlFormat = 'table' | 'json' | 'csv';

export interface SqlOutputOptions {
  format: SqlFormat;
  sink: OutputSink;
  colors: Colors;
  /** The terminal width, for the table. */
  width?: number;
  /** Stops early when the reader of stdout went away. */
  stopped: () => boolean;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;
/** A table column wider than this is cut with "…" (the last one takes what the terminal has left). */
const MAX_CELL_WIDTH = 60;

/** Prints every row; returns how many there were. */
export async function printResult(duckdb: DuckDbModule, result: DuckDBResult, options: SqlOutputOptions): Promise<number> {
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  if (names.length === 0) return 0;
  const isJson = types.map((type) => type.alias === 'JSON');
  const numeric = types.map((type) => NUMERIC.test(type.toString()));
  let table: TableLayout | null = null;
  let rows = 0;
  // Column by column: DuckDB's vectors convert several times faster that way than row by row.
  const keys = names.map((name) => `${JSON.stringify(name)}:`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const columns = chunk.convertColumns(duckdb.JSDuckDBValueConverter).map((column) => column.map(plainValue));
    const count = chunk.rowCount;
    if (options.format === 'json') {
      let text = '';
      for (let row = 0; row < count; row++) {
        let line = '{';
        for (let column = 0; column < columns.length; column++) {
          const value = columns[column]![row] ?? null;
          line += `${column === 0 ? '' : ','}${keys[column]}${jsonText(isJson[column] ? parsedJson(value) : value)}`;
        }
        text += `${line}}\n`;
      }
      await options.sink.write(text);
    } else {
      const values = Array.from({ length: count }, (_, row) => columns.map((column) => column[row] ?? null));
      if (options.format === 'csv') {
        const header = rows === 0 ? csvLine(names) : '';
        await options.sink.write(header + values.map((row) => csvLine(row.map(cellValue))).join(''));
      } else {
        const cells = values.map((row) => row.map(tableCell));
        if (table === null) {
          table = new TableLayout(tableColumns(names, numeric), cells, { colors: options.colors, width: options.width });
          await options.sink.writeLine(table.header());
        }
        const layout = table;
        await options.sink.write(`${cells.map((row) => layout.row(row)).join('\n')}\n`);
      }
    }
    rows += count;
    if (options.stopped()) return rows;
  }
  if (options.format === 'csv' && rows === 0) await options.sink.write(csvLine(names));
  if (options.format === 'table') {
    if (table === null) await options.sink.writeLine(new TableLayout(tableColumns(names, numeric), [], { colors: options.colors, width: options.width }).header());
    await options.sink.writeLine(options.colors.dim(`(${rows} ${rows === 1 ? 'row' : 'rows'})`));
  }
  return rows;
}

/**
 * One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled; NULL
 * is an empty field. Written here rather than with csv-stringify: on 300,000 records its per-chunk
 * objects cost three times the whole query in garbage collection.
 */
function csvLine(fields: ReadonlyArray<string | null>): string {
  return `${fields.map((field) => (field === null ? '' : /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',')}\n`;
}

function jsonText(value: PlainValue): string {
  return value === null || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** NULL prints as NULL (dimmed on a terminal), so it differs from an empty string. */
const NULL_CELL = 'NULL';

function tableCell(value: PlainValue): string {
  const text = cellValue(value);
  return text === null ? NULL_CELL : cellText(text, '');
}

function tableColumns(names: readonly string[], numeric: readonly boolean[]): TableColumn[] {
  return names.map((header, index) => ({
    header,
    align: numeric[index] ? 'right' : 'left',
    maxWidth: MAX_CELL_WIDTH,
    style: (text, value, colors) => (value === NULL_CELL ? colors.dim(text) : text),
  }));
}
