// Which payload fields differ between two appearances of a record: top-level field names, a field
// counting as changed when it was added, removed or holds another value (compared deeply, with
// object keys in any order). A payload that is not an object (raw text, an array) is one field,
// `record_payload`, as the format names the column.
import type { JsonValue } from '../model/json-value.js';

type JsonObject = { [key: string]: JsonValue };

const isObject = (value: JsonValue | null): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of `current` that differ from `previous`, in `current`'s order, then removed ones in `previous`'s order. */
export function changedPayloadFields(previous: JsonValue | null, current: JsonValue | null): string[] {
  if (!isObject(previous) || !isObject(current)) return sameJson(previous, current) ? [] : ['record_payload'];
  const changed: string[] = [];
  for (const key of Object.keys(current)) {
    if (!Object.hasOwn(previous, key) || !sameJson(previous[key]!, current[key]!)) changed.push(key);
  }
  for (const key of Object.keys(previous)) if (!Object.hasOwn(current, key)) changed.push(key);
  return changed;
}

/** Deep equality of JSON values, without recursion (payloads may be thousands of levels deep). */
function sameJson(left: JsonValue | null, right: JsonValue | null): boolean {
  const pending: Array<[JsonValue | null, JsonValue | null]> = [[left, right]];
  while (pending.length > 0) {
    const [a, b] = pending.pop()!;
    if (a === b) continue;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      for (let at = 0; at < a.length; at++) pending.push([a[at]!, b[at]!]);
      continue;
    }
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(b, key)) return false;
      pending.push([a[key]!, b[key]!]);
    }
  }
  return true;
}
