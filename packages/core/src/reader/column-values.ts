// Reads an Arrow column as the two value kinds the SDK uses — text and epoch milliseconds —
// whatever physical type a writer chose (Utf8, integers, dictionaries, timestamps in s/ms/µs/ns).
import { DataType, type Table, type Vector } from 'apache-arrow';

export type TextReader = (row: number) => string | null;
export type TimeReader = (row: number) => number | null;

const decoder = new TextDecoder();

function jsonText(value: unknown): string {
  const plain = typeof (value as { toJSON?: () => unknown })?.toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value;
  return JSON.stringify(plain, (_key, inner) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

/** A reader returning each row's value as text (numbers as decimal strings); null for a missing column. */
export function textColumn(table: Table, name: string): TextReader {
  const vector = table.getChild(name) as Vector | null;
  if (vector === null) return () => null;
  const type = vector.type;
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) {
    return (row) => {
      const value = vector.get(row) as unknown;
      return value === null || value === undefined ? null : typeof value === 'string' ? value : String(value);
    };
  }
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type)) {
    return (row) => {
      const value = vector.get(row) as Uint8Array | null;
      return value === null ? null : decoder.decode(value);
    };
  }
  if (DataType.isStruct(type) || DataType.isList(type) || DataType.isMap(type)) {
    return (row) => {
      const value = vector.get(row) as unknown;
      return value === null || value === undefined ? null : jsonText(value);
    };
  }
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    const time = timeColumn(table, name);
    return (row) => {
      const ms = time(row);
      return ms === null ? null : new Date(ms).toISOString();
    };
  }
  return (row) => {
    const value = vector.get(row) as unknown;
    if (value === null || value === undefined) return null;
    if (typeof value === 'object') return jsonText(value);
    return String(value);
  };
}

/** A reader returning each row's timestamp as epoch milliseconds; text is parsed as ISO-8601 (UTC when no zone). */
export function timeColumn(table: Table, name: string): TimeReader {
  const vector = table.getChild(name) as Vector | null;
  if (vector === null) return () => null;
  const type = vector.type;
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    return (row) => {
      const value = vector.get(row) as unknown;
      if (value === null || value === undefined) return null;
      if (value instanceof Date) return value.getTime();
      return Number(value);
    };
  }
  if (DataType.isInt(type) || DataType.isFloat(type)) {
    // Epoch seconds, milliseconds or microseconds, by magnitude.
    return (row) => {
      const value = vector.get(row) as number | bigint | null;
      if (value === null) return null;
      const number = Number(value);
      return number < 1e11 ? number * 1000 : number < 1e14 ? number : number / 1000;
    };
  }
  const text = textColumn(table, name);
  return (row) => {
    const value = text(row);
    if (value === null) return null;
    const normalized = /^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value;
    const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(normalized) ? normalized : `${normalized}Z`);
    return Number.isNaN(ms) ? null : ms;
  };
}
