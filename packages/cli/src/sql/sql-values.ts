// Turns DuckDB's JavaScript values into what `synctrack sql` prints: timestamps as ISO 8601 (UTC),
// 64-bit and wider integers as numbers when a double holds them exactly and as strings otherwise,
// BLOBs as UTF-8 text (or \x-escaped bytes), lists, structs and maps as JSON values.
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function blobText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Array.from(bytes, (byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
  }
}

export function plainValue(value: unknown): PlainValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON has no NaN or Infinity; DuckDB spells them this way.
      return Number.isFinite(value) ? value : String(value).replace('Infinity', 'inf').toLowerCase();
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'infinity' : value.toISOString();
  if (value instanceof Uint8Array) return blobText(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, plainValue(item)]));
  }
  return String(value);
}

/** A JSON-typed column's text, parsed (for --json); text that does not parse stays text. */
export function parsedJson(value: PlainValue): PlainValue {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as PlainValue;
  } catch {
    return value;
  }
}

/** A value as one cell of text (table, CSV): nested values as JSON; null as null. */
export function cellValue(value: PlainValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
