// A record's line of JSON Lines: its `RecordRow` (all keys or some, in a given order) as
// `JSON.stringify` writes it, plus a newline. Written field by field into bytes without building the
// row object: a filter prints hundreds of thousands of these, and the decode workers write them.
import type { JsonBytes } from '../model/json-bytes.js';
import { RAW_PAYLOAD_KEY, RECORD_ROW_KEYS, RECORD_ROW_VALUES } from '../model/record-row.js';
import type { SyncRecord } from '../model/sync-record.js';

/** A key a line may be asked for (`record_payload_raw` comes with `record_payload`, never alone). */
export type RecordRowKey = (typeof RECORD_ROW_KEYS)[number];

/** Written after a raw payload's text: the flag of `RecordRow.record_payload_raw`. */
export const RAW_PAYLOAD_SUFFIX = `,${JSON.stringify(RAW_PAYLOAD_KEY)}:true`;

/** What a line writes before each key's value: `{"a":` for the first key, `,"b":` for the others. */
export function lineKeyPrefixes(keys: readonly RecordRowKey[]): string[] {
  return keys.map((key, index) => `${index === 0 ? '{' : ','}${JSON.stringify(key)}:`);
}

/**
 * Writes a record's JSON line with only `keys`, in their order, or the whole row: the text of
 * `JSON.stringify` of the projected row and a newline.
 */
export function recordJsonLineWriter(keys: readonly RecordRowKey[] = RECORD_ROW_KEYS): (record: SyncRecord, out: JsonBytes) => void {
  const prefixes = lineKeyPrefixes(keys);
  // Only the keys asked for are computed (no ISO times for `identifier` and `status_message`).
  const values = keys.map((key) => RECORD_ROW_VALUES[key] as (record: SyncRecord) => unknown);
  return (record, out) => {
    if (keys.length === 0) out.ascii('{');
    for (let index = 0; index < keys.length; index++) {
      out.ascii(prefixes[index]!);
      out.value(values[index]!(record));
      if (keys[index] === 'record_payload' && record.payloadRaw === true) out.ascii(RAW_PAYLOAD_SUFFIX);
    }
    out.ascii('}\n');
  };
}
