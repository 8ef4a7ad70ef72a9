// Utf8Access over columns the JavaScript page decoder produced. A dictionary column interns by its
// indices: counting by value is counting small integers, and each distinct value is decoded once.
import type { TextValues } from './page-decoder.js';
import { Utf8Interner, decodeUtf8, utf8Hash, type Utf8Access } from './utf8-access.js';

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

/**
 * For each dictionary position + 1, the position + 1 of the first entry with the same bytes (slot 0,
 * null, stays 0). Entries are hashed into an open-addressing table of typed arrays: one pass over
 * the dictionary's bytes, nothing allocated per entry.
 */
export function firstOccurrences(dictionary: TextValues): Int32Array {
  const { bytes, starts, lengths } = dictionary;
  const entries = starts.length;
  const canonical = new Int32Array(entries + 1);
  let size = 16;
  while (size < entries * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(entries);
  for (let entry = 0; entry < entries; entry++) {
    const from = starts[entry]!;
    const length = lengths[entry]!;
    const hash = utf8Hash(bytes, from, from + length);
    hashes[entry] = hash;
    let slot = (hash ^ (hash >>> 16)) & mask;
    for (;;) {
      const other = slots[slot]! - 1;
      if (other < 0) {
        slots[slot] = entry + 1;
        canonical[entry + 1] = entry + 1;
        break;
      }
      if (hashes[other] === hash && lengths[other] === length && sameRange(bytes, starts[other]!, from, length)) {
        canonical[entry + 1] = other + 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return canonical;
}

function sameRange(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}
