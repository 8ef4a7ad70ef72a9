// compareRuns' identifier entries hashed and packed by a small WebAssembly module of our own
// (entries-wasm/entries.wat), in an instance and memory of this thread's: the two loops over every
// row with an identifier, which were most of compareRuns' work. In JavaScript they copied each
// identifier a byte at a time into its partition and hashed it twice: ~290 ms of each worker's
// time on two 2M-record runs, and slower still in a fresh process, before V8 optimized them.
import { alignTo, memoryOf, threadInstance } from '../parquet/wasm-instance.js';
import { ENTRIES_WASM } from './entries-wasm/entries-binary.js';

interface EntriesExports {
  memory: WebAssembly.Memory;
  hashRows(bytes: number, base: number, starts: number, lengths: number, rows: number, bits: number, hashes: number, sizes: number): number;
  pack(bytes: number, base: number, starts: number, lengths: number, failing: number, rows: number, bits: number, first: number, hashes: number, next: number, out: number): void;
}

const entries = threadInstance<EntriesExports>(ENTRIES_WASM);

const align = (at: number) => alignTo(at, 8);

/** Identifiers laid out as a text column's values: row r's are `bytes[starts[r], starts[r] + lengths[r])`, -1 for null. */
export interface IdentifierTexts {
  bytes: Uint8Array;
  starts: ArrayLike<number>;
  lengths: ArrayLike<number>;
}

/**
 * The row group's entries by partition (2^`bits` of them, by the hash's top bits), each in a buffer
 * of its own, as identifier-entries.ts lays them out; `failing` has a byte per row (1: its outcome
 * fails), `firstRow` is the row group's first row in the run.
 */
export function packEntries(texts: IdentifierTexts, failing: Uint8Array, rows: number, bits: number, firstRow: number): { partitions: Uint32Array[]; count: number } {
  const { bytes, starts, lengths } = texts;
  // Only the span of bytes the identifiers lie in is copied.
  let base = Number.POSITIVE_INFINITY;
  let end = 0;
  for (let row = 0; row < rows; row++) {
    const length = lengths[row]!;
    if (length < 0) continue;
    const start = starts[row]!;
    if (start < base) base = start;
    if (start + length > end) end = start + length;
  }
  const partitions = 1 << bits;
  if (base === Number.POSITIVE_INFINITY) return { partitions: Array.from({ length: partitions }, () => new Uint32Array(0)), count: 0 };
  const exports = entries();
  const bytesAt = 0;
  const startsAt = align(end - base);
  const lengthsAt = startsAt + 4 * rows;
  const failingAt = lengthsAt + 4 * rows;
  const hashesAt = align(failingAt + rows);
  const sizesAt = hashesAt + 8 * rows;
  const nextAt = sizesAt + 4 * partitions;
  const outAt = nextAt + 4 * partitions;
  // Every row's entry is at most 4 words and its bytes rounded up to a word.
  const most = outAt + 16 * rows + (end - base) + 4 * rows;
  const buffer = memoryOf(exports.memory, most);
  new Uint8Array(buffer).set(bytes.subarray(base, end), bytesAt);
  new Int32Array(buffer, startsAt, rows).set(starts);
  new Int32Array(buffer, lengthsAt, rows).set(lengths);
  new Uint8Array(buffer, failingAt, rows).set(failing.subarray(0, rows));
  const sizes = new Uint32Array(buffer, sizesAt, partitions);
  sizes.fill(0);
  const count = exports.hashRows(bytesAt, base, startsAt, lengthsAt, rows, bits, hashesAt, sizesAt);
  const next = new Uint32Array(buffer, nextAt, partitions);
  for (let partition = 0, at = 0; partition < partitions; partition++) {
    next[partition] = at;
    at += sizes[partition]!;
  }
  const from = next.slice();
  exports.pack(bytesAt, base, startsAt, lengthsAt, failingAt, rows, bits, firstRow, hashesAt, nextAt, outAt);
  const out = new Uint32Array(buffer, outAt);
  return { partitions: Array.from({ length: partitions }, (_, partition) => out.slice(from[partition]!, from[partition]! + sizes[partition]!)), count };
}
