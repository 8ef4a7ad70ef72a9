// Reads an Arrow column as the two value kinds the SDK uses — text and epoch milliseconds —
// whatever physical type a writer chose (Utf8, integers, dictionaries, timestamps in s/ms/µs/ns).
import { DataType, TimeUnit, type Data, type Table, type Vector } from 'apache-arrow';
import { floorMillis, type TimestampUnit } from '../parquet/epoch-millis.js';
import { textAccess, utf8Access, type Utf8Access } from '../parquet/utf8-access.js';

export function isUtf8Vector(vector: Vector | null): vector is Vector {
  return vector !== null && (DataType.isUtf8(vector.type) || DataType.isLargeUtf8(vector.type));
}

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

/** Byte-level access to a text column (raw buffers for Utf8, a text reader otherwise); all-null when missing. */
export function textColumnAccess(table: Table, name: string): Utf8Access {
  const vector = table.getChild(name) as Vector | null;
  if (isUtf8Vector(vector) && DataType.isUtf8(vector.type)) return utf8Access(vector);
  return textAccess(textColumn(table, name), table.numRows);
}

const UNITS: Record<number, TimestampUnit> = {
  [TimeUnit.SECOND]: 'seconds',
  [TimeUnit.MILLISECOND]: 'millis',
  [TimeUnit.MICROSECOND]: 'micros',
  [TimeUnit.NANOSECOND]: 'nanos',
};

/** Timestamps read straight from their Int64 buffers (Arrow's `.get()` allocates per row). */
function rawTimestampReader(vector: Vector): TimeReader | null {
  const unit = UNITS[(vector.type as { unit: number }).unit];
  const chunks = vector.data as Data[];
  if (unit === undefined || !chunks.every((chunk) => chunk.values instanceof BigInt64Array)) return null;
  if (chunks.length !== 1 || chunks[0]!.offset !== 0) return chunkedTimestampReader(chunks, (value) => floorMillis(value, unit));
  const data = chunks[0]!;
  const values = data.values as BigInt64Array;
  const validity = data.nullCount > 0 ? (data.nullBitmap as Uint8Array) : null;
  return (row) => {
    if (validity !== null && (validity[row >> 3]! & (1 << (row & 7))) === 0) return null;
    return floorMillis(values[row]!, unit);
  };
}

/**
 * The same over several (or sliced) chunks. Arrow's `.get()` is no fallback for these: it returns
 * fractional milliseconds, rounded for nanoseconds and truncated toward zero before 1970.
 */
function chunkedTimestampReader(chunks: Data[], toMs: (value: bigint) => number): TimeReader {
  const starts: number[] = [];
  let total = 0;
  for (const chunk of chunks) {
    starts.push(total);
    total += chunk.length;
  }
  let at = 0;
  return (row) => {
    while (at > 0 && row < starts[at]!) at--;
    while (at < chunks.length - 1 && row >= starts[at + 1]!) at++;
    const chunk = chunks[at]!;
    const local = row - starts[at]!;
    return chunk.getValid(local) ? toMs((chunk.values as BigInt64Array)[local]!) : null;
  };
}

/** A reader returning each row's timestamp as epoch milliseconds; text is parsed as ISO-8601 (UTC when no zone). */
export function timeColumn(table: Table, name: string): TimeReader {
  const vector = table.getChild(name) as Vector | null;
  if (vector === null) return () => null;
  const type = vector.type;
  if (DataType.isTimestamp(type)) {
    const raw = rawTimestampReader(vector);
    if (raw !== null) return raw;
  }
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
