// Utf8Access over columns the JavaScript page decoder produced. A dictionary column interns by its
// indices: counting by value is counting small integers, and each distinct value is decoded once.
import type { TextValues } from './page-decoder.js';
import { firstOccurrences } from './byte-table.js';
import { Utf8Interner, decodeUtf8, type Utf8Access } from './utf8-access.js';

/** Access to PLAIN text values (one buffer, a start and length per row). */
export function textValuesAccess(values: TextValues): Utf8Access {
  const { bytes, starts, lengths } = values;
  const interner = new Utf8Interner();
  return {
    length: lengths.length,
    isNull: (row) => lengths[row]! < 0,
    string(row) {
      const length = lengths[row]!;
      return length < 0 ? null : decodeUtf8(bytes, starts[row]!, starts[row]! + length);
    },
    byteLength: (row) => Math.max(0, lengths[row]!),
    equals(row, expected) {
      if (lengths[row] !== expected.length) return false;
      const from = starts[row]!;
      for (let k = 0; k < expected.length; k++) if (bytes[from + k] !== expected[k]) return false;
      return true;
    },
    intern(row) {
      const length = lengths[row]!;
      if (length < 0) return 0;
      const from = starts[row]!;
      return interner.intern(bytes, from, from + length);
    },
    internedValue: (id) => interner.value(id),
  };
}

/**
 * Access to dictionary-encoded text: ids are dictionary positions + 1 (0 for null), with repeated
 * dictionary entries (legal, if odd) folded onto their first occurrence. Each entry's string is
 * decoded once, up front.
 */
export function dictionaryAccess(dictionary: TextValues, indices: Int32Array): Utf8Access {
  const { bytes, starts, lengths } = dictionary;
  const canonical = firstOccurrences(dictionary);
  const entry = dictionaryStrings(dictionary);
  const value = (id: number): string | null => (id === 0 ? null : entry(id - 1));
  return {
    length: indices.length,
    isNull: (row) => indices[row]! < 0,
    string: (row) => value(canonical[indices[row]! + 1]!),
    byteLength(row) {
      const index = indices[row]!;
      return index < 0 ? 0 : lengths[index]!;
    },
    equals(row, expected) {
      const index = indices[row]!;
      if (index < 0 || lengths[index] !== expected.length) return false;
      const from = starts[index]!;
      for (let k = 0; k < expected.length; k++) if (bytes[from + k] !== expected[k]) return false;
      return true;
    },
    intern: (row) => canonical[indices[row]! + 1]!,
    internedValue: value,
  };
}

/**
 * A dictionary's entries as strings, all decoded at once. Decoding each only when first asked for
 * gained under 10% on every benchmarked operation (`npm run bench:fast-paths`) and went.
 */
export function dictionaryStrings(dictionary: TextValues): (entry: number) => string {
  const { bytes, starts, lengths } = dictionary;
  const strings: string[] = [];
  for (let entry = 0; entry < starts.length; entry++) strings.push(decodeUtf8(bytes, starts[entry]!, starts[entry]! + lengths[entry]!));
  return (entry) => strings[entry]!;
}
