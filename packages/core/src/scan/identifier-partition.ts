// One partition of two runs' identifier entries compared: which identifiers are present and
// failing in each run, the five counts of compareRuns, and each set's rows (the head's rows for the
// four sets it holds, the base's for `removed`) as lists, which the caller marks in a bitmap per
// run. Identifiers are told apart by their bytes: the hash only picks a slot and rules out most
// unequal ones quickly. The comparison itself runs in WebAssembly (partition-wasm/partition.wat).
import { alignTo, memoryOf, threadInstance } from '../parquet/wasm-instance.js';
import { PARTITION_WASM } from './partition-wasm/partition-binary.js';

export const IDENTIFIER_SETS = ['newlyFailing', 'fixed', 'stillFailing', 'added', 'removed'] as const;
/** An identifier set of a comparison (definitions in compare-runs.ts). */
export type IdentifierSetName = (typeof IDENTIFIER_SETS)[number];

export type IdentifierCounts = Record<IdentifierSetName, number>;

/** One bit per row of a run. */
export class RowBitmap {
  readonly words: Uint32Array;

  constructor(readonly rows: number) {
    this.words = new Uint32Array(Math.ceil(rows / 32));
  }

  set(row: number): void {
    this.words[row >>> 5]! |= 1 << (row & 31);
  }

  has(row: number): boolean {
    return (this.words[row >>> 5]! & (1 << (row & 31))) !== 0;
  }

  /** The set rows in [from, from + length), relative to `from`, ascending. */
  rowsIn(from: number, length: number): number[] {
    const rows: number[] = [];
    const end = from + length;
    let row = from;
    while (row < end) {
      const word = this.words[row >>> 5]!;
      // Whole empty words are stepped over.
      if (word === 0 && (row & 31) === 0 && row + 32 <= end) {
        row += 32;
        continue;
      }
      if ((word & (1 << (row & 31))) !== 0) rows.push(row - from);
      row++;
    }
    return rows;
  }
}

export type IdentifierRowSets = Record<IdentifierSetName, RowBitmap>;

/** Each set's row lists (a worker's), as one set of bitmaps takes them. */
export function markRows(rows: Record<IdentifierSetName, Uint32Array>, sets: IdentifierRowSets): void {
  for (const set of IDENTIFIER_SETS) {
    const bitmap = sets[set];
    for (const row of rows[set]) bitmap.set(row);
  }
}

/** The five counts, all 0. */
export function noCounts(): IdentifierCounts {
  return { newlyFailing: 0, fixed: 0, stillFailing: 0, added: 0, removed: 0 };
}

interface PartitionExports {
  memory: WebAssembly.Memory;
  entries(words: number, end: number): number;
  compare(words: number, headStart: number, end: number, mask: number, slots: number, lows: number, keys: number, state: number, distinct: number, out: number): void;
  mark(words: number, headStart: number, end: number, state: number, distinct: number, lists: number, out: number, write: number): void;
}

const partitionModule = threadInstance<PartitionExports>(PARTITION_WASM);

/**
 * Compares partitions one after another, in WebAssembly (partition-wasm/partition.wat): a hash
 * table of the distinct identifiers in memory of this thread's that stays from partition to
 * partition (a 10M-record comparison had allocated ~20 MB of tables per partition afresh, and the
 * collector then spent as long as the comparison). In JavaScript the loops were ~90 ms of each
 * worker's time on two 2M-record runs, and slower still in a fresh process.
 */
export class PartitionComparer {
  /**
   * Adds one partition's counts to `counts` and gives each set's rows (the head's; the base's for
   * `removed`): `words` holds the base's entries in [0, headStart) and the head's in [headStart, end).
   */
  compare(words: Uint32Array, headStart: number, end: number, counts: IdentifierCounts): Record<IdentifierSetName, Uint32Array> {
    const module = partitionModule();
    const wordsBytes = 4 * end;
    let buffer = memoryOf(module.memory, wordsBytes);
    new Uint32Array(buffer, 0, end).set(words.subarray(0, end));
    const entries = module.entries(0, end);
    // Distinct identifiers are at most the entries: the table is at most two-thirds full.
    let capacity = 16;
    while (capacity * 2 < entries * 3) capacity *= 2;
    // Tables after the words: slots and their hashes' low halves, then per entry its key, identifier and state.
    const slots = wordsBytes;
    const lows = slots + 4 * capacity;
    const keys = lows + 4 * capacity;
    const distinct = keys + 4 * entries;
    const out = distinct + 4 * entries;
    const state = out + 60;
    const lists = alignTo(state + entries, 4);
    buffer = memoryOf(module.memory, lists);
    new Uint8Array(buffer, slots, 8 * capacity).fill(0);
    new Uint8Array(buffer, out, 60 + entries).fill(0);
    module.compare(0, headStart, end, capacity - 1, slots, lows, keys, state, distinct, out);
    // The sets' rows counted, then written into lists of just that room.
    module.mark(0, headStart, end, state, distinct, lists, out, 0);
    let found = new Int32Array(buffer, out, 15);
    let total = 0;
    for (let set = 0; set < 5; set++) {
      found[10 + set] = total;
      total += found[5 + set]!;
      found[5 + set] = 0;
    }
    buffer = memoryOf(module.memory, lists + 4 * total);
    module.mark(0, headStart, end, state, distinct, lists, out, 1);
    found = new Int32Array(buffer, out, 15);
    const rows = {} as Record<IdentifierSetName, Uint32Array>;
    IDENTIFIER_SETS.forEach((set, index) => {
      counts[set] += found[index]!;
      rows[set] = new Uint32Array(buffer, lists + 4 * found[10 + index]!, found[5 + index]!).slice();
    });
    return rows;
  }
}

/**
 * One partition compared on its own (for tests): `base` and `head` are the partition's entries
 * from each run.
 */
export function comparePartition(base: Uint32Array, head: Uint32Array, counts: IdentifierCounts, sets: IdentifierRowSets): void {
  const words = new Uint32Array(base.length + head.length);
  words.set(base);
  words.set(head, base.length);
  markRows(new PartitionComparer().compare(words, base.length, base.length + head.length, counts), sets);
}
