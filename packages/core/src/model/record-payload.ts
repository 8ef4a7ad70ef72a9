// How a record's `record_payload` text becomes its `payload`: parsed as JSON when it is JSON that
// can be represented and written back, otherwise kept as the text stored (`RawPayload`), flagged so
// that it is never mistaken for a payload that is a JSON string. Kept raw: text that is not JSON
// (invalid JSON, truncated text, invalid UTF-8 decoded with U+FFFD in it) and JSON holding a number
// beyond a double's range (1e400, which JSON.parse makes Infinity and JSON.stringify writes as null).
// As JSON.parse reads it: a duplicate key keeps its last value, a number its nearest double (-0
// stays -0 in `payload` and is written as 0), a leading byte order mark is ignored, escaped lone
// surrogates stay lone surrogates (and are written escaped), any depth is fine.
import type { JsonValue } from './json-value.js';
import { holdsNonFiniteNumber, stringifyJson } from './json-text.js';

/** A payload kept as the text stored, because it is not JSON that can be represented. */
export class RawPayload {
  constructor(readonly text: string) {}
}

/** An exponent of three digits or a run of 309 digits: the only ways a JSON number reaches Infinity. */
const MAYBE_HUGE_NUMBER = /\d(?:[eE]\+?\d{3}|\d{308})/;

export function parsePayloadText(text: string): JsonValue | RawPayload {
  let value: JsonValue;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as JsonValue;
  } catch {
    return new RawPayload(text);
  }
  if (MAYBE_HUGE_NUMBER.test(text) && holdsNonFiniteNumber(value)) return new RawPayload(text);
  return value;
}

/** The JSON text of a record's payload for a cell of CSV or Parquet: the text stored when it is raw. */
export function payloadCellText(payload: JsonValue | null, raw: boolean | undefined): string | null {
  if (payload === null) return null;
  return raw === true && typeof payload === 'string' ? payload : stringifyJson(payload);
}
