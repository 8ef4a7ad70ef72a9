// A ColumnSet over column chunks decoded by the JavaScript page decoder.
import type { ColumnSet } from './column-set.js';
import type { TimeReader } from './column-values.js';
import { dictionaryAccess, textValuesAccess } from '../parquet/decoded-access.js';
import type { DecodedColumn } from '../parquet/page-decoder.js';
import { textAccess, type Utf8Access } from '../parquet/utf8-access.js';

function parseTime(value: string | null): number | null {
  if (value === null) return null;
  const normalized = /^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value;
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(normalized) ? normalized : `${normalized}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export function decodedColumnSet(numRows: number, columns: ReadonlyMap<string, DecodedColumn>): ColumnSet {
  const texts = new Map<string, Utf8Access>();
  const text = (column: string): Utf8Access => {
    let access = texts.get(column);
    if (access !== undefined) return access;
    const decoded = columns.get(column);
    if (decoded === undefined) access = textAccess(() => null, numRows);
    else if (decoded.kind === 'text') access = textValuesAccess(decoded.values);
    else if (decoded.kind === 'text-dictionary') access = dictionaryAccess(decoded.dictionary, decoded.indices);
    else {
      const millis = decoded.millis;
      access = textAccess((row) => (Number.isNaN(millis[row]!) ? null : new Date(millis[row]!).toISOString()), numRows);
    }
    texts.set(column, access);
    return access;
  };
  return {
    numRows,
    text,
    time(column): TimeReader {
      const decoded = columns.get(column);
      if (decoded === undefined) return () => null;
      if (decoded.kind === 'time') {
        const millis = decoded.millis;
        return (row) => {
          const value = millis[row]!;
          return Number.isNaN(value) ? null : value;
        };
      }
      const access = text(column);
      return (row) => parseTime(access.string(row));
    },
  };
}
