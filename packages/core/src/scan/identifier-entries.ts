// What compareRuns reads of each row group, computed in the decode worker: every row with an
// identifier as one packed entry (its identifier's 64-bit hash, its row in the run, whether its
// outcome fails, and the identifier's UTF-8 bytes), grouped by partition (the hash's top bits), each
// partition's in memory of its own, so the main thread only appends them to its store and can write
// any of them out and let go of it alone (questions/identifier-spill.ts); and the row group's
// records counted by outcome, null identifiers included.
//
// An entry is 4-byte words: [hash high][hash low][row][byte length | failing << 31], then the
// bytes, zero-padded to a word; entries are hashed and packed in WebAssembly (wasm-entries.ts). The hash only places and prefilters: identifiers are compared by
// their bytes (identifier-partition.ts), so a collision never changes an answer.
import { outcomeOf } from '../model/record-outcome.js';
import type { TextValues } from '../parquet/page-decoder.js';
import type { Utf8Access } from '../parquet/utf8-access.js';
import { packEntries } from './wasm-entries.js';

/** Asked of an `index` kernel instead of its hashes (`IndexKernel.entries`). */
export interface IdentifierEntriesRequest {
  statusColumn: string;
  /** The entries are split into 2^partitionBits partitions by the hash's top bits. */
  partitionBits: number;
  /** The row group's first row in the run: entries carry rows in the run. */
  firstRow: number;
}

export interface IdentifierEntries {
  /** Partition p's entries, each partition a buffer of its own. */
  partitions: Uint32Array[];
  /** Rows with an identifier. */
  count: number;
  /** Every row of the row group by outcome: success, rejected, invalid. */
  outcomes: [number, number, number];
}

/** Words of an entry's header. */
export const ENTRY_HEADER_WORDS = 4;
export const FAILING_BIT = 0x80000000;
export const LENGTH_MASK = 0x7fffffff;

const OUTCOME_INDEX = { success: 0, rejected: 1, invalid: 2 } as const;
const encoder = new TextEncoder();

/**
 * The entries of one row group. `texts` are the identifier's PLAIN values when the JavaScript
 * decoder read them (their bytes are copied as they are); otherwise each value is encoded from
 * `identifiers`' string.
 */
export function identifierEntries(
  numRows: number,
  identifiers: Utf8Access,
  texts: TextValues | null,
  status: Utf8Access,
  request: IdentifierEntriesRequest,
): IdentifierEntries {
  const outcomes: [number, number, number] = [0, 0, 0];
  const failing = new Uint8Array(numRows);
  // A status's outcome is judged once per distinct value.
  const outcomeById: number[] = [];
  for (let row = 0; row < numRows; row++) {
    const id = status.intern(row);
    let outcome = outcomeById[id];
    if (outcome === undefined) outcome = outcomeById[id] = OUTCOME_INDEX[outcomeOf(status.internedValue(id))];
    outcomes[outcome]!++;
    if (outcome !== 0) failing[row] = 1;
  }
  let bytes: Uint8Array;
  let starts: ArrayLike<number>;
  let lengths: ArrayLike<number>;
  if (texts !== null) {
    ({ bytes, starts, lengths } = texts);
  } else {
    // Identifiers only parquet-wasm read (or dictionary pages): their UTF-8 laid out once.
    const encoded: Uint8Array[] = [];
    const textStarts = new Int32Array(numRows);
    const textLengths = new Int32Array(numRows);
    let at = 0;
    for (let row = 0; row < numRows; row++) {
      const value = identifiers.string(row);
      if (value === null) {
        textLengths[row] = -1;
        continue;
      }
      const valueBytes = encoder.encode(value);
      encoded.push(valueBytes);
      textStarts[row] = at;
      textLengths[row] = valueBytes.length;
      at += valueBytes.length;
    }
    bytes = new Uint8Array(at);
    at = 0;
    for (const valueBytes of encoded) {
      bytes.set(valueBytes, at);
      at += valueBytes.length;
    }
    starts = textStarts;
    lengths = textLengths;
  }
  // Hashed and packed in WebAssembly (wasm-entries.ts).
  const { partitions, count } = packEntries({ bytes, starts, lengths }, failing, numRows, request.partitionBits, request.firstRow);
  return { partitions, count, outcomes };
}
