// The JSON Lines format of records, in one place: which keys a line has and in what order, how each
// key is written before its value, the raw-payload flag, and the line's braces and newline. A line is
// what `JSON.stringify` writes for the record's `RecordRow` (all keys or some, in a given order),
// plus a newline. Two kinds of rows are written: `SyncRecord` objects (`recordJsonLineWriter`, the
// CLI and the client) and a select's decoded cells in a decode worker (record-lines.ts); both
// write through `jsonLineWriter`, field by field into bytes (JsonBytes escapes), without building
// the row object: a filter prints hundreds of thousands of lines. One fast path sits over it: lines
// whose keys are all texts read as bytes are written by a WebAssembly loop (wasm-text-lines.ts,
// switch `wasm-text-lines`) with this file's key prefixes, and any row with a byte to escape is
// handed back to the writer here; the CLI's `filter --json` on 2M runs 15% slower without it.
import type { JsonBytes } from '../model/json-bytes.js';
import type { JsonValue } from '../model/json-value.js';
import { RAW_PAYLOAD_KEY, RECORD_ROW_KEYS, RECORD_ROW_VALUES } from '../model/record-row.js';
import type { SyncRecord } from '../model/sync-record.js';

/** A key a line may be asked for (`record_payload_raw` comes with `record_payload`, never alone). */
export type RecordRowKey = (typeof RECORD_ROW_KEYS)[number];

/** Written after a raw payload's text: the flag of `RecordRow.record_payload_raw`. */
const RAW_PAYLOAD_SUFFIX = `,${JSON.stringify(RAW_PAYLOAD_KEY)}:true`;

/** Writes one key's value of a row (a record, or a row's index in decoded cells). */
export type LineValueWriter<Row> = (row: Row, out: JsonBytes) => void;

/** What a line writes before each key's value: `{"a":` for the first key, `,"b":` for the others. */
export function lineKeyPrefixes(keys: readonly RecordRowKey[]): string[] {
  return keys.map((key, index) => `${index === 0 ? '{' : ','}${JSON.stringify(key)}:`);
}

/**
 * Writes a row's line with `keys`, in their order, each value by the writer `valueWriter` gives for
 * its key (asked once per key, not per row).
 */
export function jsonLineWriter<Row>(keys: readonly RecordRowKey[], valueWriter: (key: RecordRowKey) => LineValueWriter<Row>): (row: Row, out: JsonBytes) => void {
  const prefixes = lineKeyPrefixes(keys);
  const writers = keys.map(valueWriter);
  return (row, out) => {
    if (keys.length === 0) out.ascii('{');
    for (let index = 0; index < writers.length; index++) {
      out.ascii(prefixes[index]!);
      writers[index]!(row, out);
    }
    out.ascii('}\n');
  };
}

/**
 * A line's `record_payload`: the payload's JSON, or, when `raw`, the text stored because it could
 * not be parsed, followed by the `record_payload_raw` flag.
 */
export function writePayload(out: JsonBytes, payload: JsonValue | null, raw: boolean): void {
  out.value(payload);
  if (raw) out.ascii(RAW_PAYLOAD_SUFFIX);
}

/** How a record's value of each key is written. */
function recordValueWriter(key: RecordRowKey): LineValueWriter<SyncRecord> {
  if (key === 'record_payload') return (record, out) => writePayload(out, record.payload, record.payloadRaw === true);
  // Only the keys asked for are computed (no ISO times for `identifier` and `status_message`).
  const value = RECORD_ROW_VALUES[key] as (record: SyncRecord) => unknown;
  return (record, out) => out.value(value(record));
}

/**
 * Writes a record's JSON line with only `keys`, in their order, or the whole row: the text of
 * `JSON.stringify` of the projected row and a newline.
 */
export function recordJsonLineWriter(keys: readonly RecordRowKey[] = RECORD_ROW_KEYS): (record: SyncRecord, out: JsonBytes) => void {
  return jsonLineWriter(keys, recordValueWriter);
}
