// The bounds of a text column's values in each row group, from the footer's statistics, used only
// where the file defines them: `min_value` and `max_value` of a BYTE_ARRAY column whose column order
// is the type-defined one (unsigned byte order), as the raw bytes the writer wrote. hyparquet decodes
// statistics to strings (a leading byte-order mark dropped, invalid UTF-8 replaced), and without
// `column_orders` the Parquet format leaves what `min_value` means undefined; the deprecated
// `min`/`max` were written in signed order by older writers and are never used. A truncated bound
// (`is_min_value_exact` false) is still a bound. Parsed from the footer's bytes when first asked,
// once per footer: the footer parse every command pays does not read them.
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';
import type { ParquetFooter } from './parquet-footer.js';

/** Every value of the column in the row group lies in [min, max], compared as unsigned bytes (`Buffer.compare`). */
export interface TextBounds {
  min: Uint8Array;
  max: Uint8Array;
}

/** Parquet's BYTE_ARRAY physical type. */
const BYTE_ARRAY = 6;
const decoder = new TextDecoder();

const parsed = new WeakMap<ParquetFooter, Map<string, Array<TextBounds | null>> | null>();

/**
 * Row group g's bounds of `column`'s values (`[g]`, null where its chunk has none), or null when the
 * file defines none for the column: not a top-level BYTE_ARRAY column of a flat schema, or without
 * the type-defined column order.
 */
export function textBounds(footer: ParquetFooter, column: string): ReadonlyArray<TextBounds | null> | null {
  let columns = parsed.get(footer);
  if (columns === undefined) {
    columns = parseBounds(footer);
    parsed.set(footer, columns);
  }
  return columns?.get(column) ?? null;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- hyparquet's raw thrift structs are untyped (field_N). */
function parseBounds(footer: ParquetFooter): Map<string, Array<TextBounds | null>> | null {
  const { bytes } = footer.tail;
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(bytes.length - 8, true);
  if (length + 8 > bytes.length) return null;
  let metadata: any;
  try {
    metadata = deserializeTCompactProtocol({ view, offset: bytes.length - 8 - length });
  } catch {
    // The footer parsed once already; a second reading that fails gives no bounds, not an error.
    return null;
  }
  const schema: any[] = metadata.field_2 ?? [];
  const orders: any[] | undefined = metadata.field_7;
  // A flat schema: the root, then one leaf per column (no element below the root has children).
  if (orders === undefined || schema.length < 2 || schema.slice(1).some((element) => (element.field_5 ?? 0) > 0)) return null;
  const columns = new Map<string, Array<TextBounds | null>>();
  schema.slice(1).forEach((element, leaf) => {
    if (element.field_1 !== BYTE_ARRAY || orders[leaf]?.field_1 === undefined || !(element.field_4 instanceof Uint8Array)) return;
    const name = decoder.decode(element.field_4);
    const bounds = (metadata.field_4 ?? []).map((rowGroup: any) => {
      const chunk = (rowGroup.field_1 ?? []).find((candidate: any) => {
        const path: any[] | undefined = candidate.field_3?.field_3;
        return path?.length === 1 && path[0] instanceof Uint8Array && decoder.decode(path[0]) === name;
      });
      const statistics = chunk?.field_3?.field_12;
      const min = statistics?.field_6;
      const max = statistics?.field_5;
      return min instanceof Uint8Array && max instanceof Uint8Array ? { min, max } : null;
    });
    columns.set(name, bounds);
  });
  return columns;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
