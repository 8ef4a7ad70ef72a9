// One partition of two runs' identifier entries compared: which identifiers are present and
// failing in each run, the five counts of compareRuns, and each set's rows marked (the head's rows
// for the four sets it holds, the base's for `removed`): in a bitmap per run on the thread that
// keeps them, in lists in a decode worker (the `partition` kernel), whose rows the caller marks.
// Identifiers are told apart by their bytes: the hash only picks a slot and rules out most unequal
// ones quickly.
import { ENTRY_HEADER_WORDS, FAILING_BIT, LENGTH_MASK } from './identifier-entries.js';

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

/** Where a comparison marks a set's rows. */
export interface RowSink {
  set(row: number): void;
}

/** Rows in the order marked, in memory that grows. */
export class RowList implements RowSink {
  private rows = new Uint32Array(1024);
  private length = 0;

  set(row: number): void {
    if (this.length === this.rows.length) {
      const grown = new Uint32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[this.length++] = row;
  }

  /** The rows marked, in a buffer of their own. */
  take(): Uint32Array {
    return this.rows.slice(0, this.length);
  }
}

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

const BASE_PRESENT = 1;
const BASE_FAILING = 2;
const HEAD_PRESENT = 4;
const HEAD_FAILING = 8;

/** Entries in words [from, to). */
function entryCount(words: Uint32Array, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at += ENTRY_HEADER_WORDS + (((words[at + 3]! & LENGTH_MASK) + 3) >>> 2)) count++;
  return count;
}

/** A typed array of at least `length` elements: `current` when it is big enough, else a new one. */
function atLeast<T extends Int32Array | Uint32Array | Uint8Array>(current: T, length: number, make: (length: number) => T): T {
  return current.length >= length ? current : make(Math.max(length, Math.ceil(current.length * 1.5)));
}

/**
 * Compares partitions one after another in tables it keeps: a 10M-record comparison allocated
 * ~20 MB of tables per partition afresh, and the collector then spent as long as the comparison.
 */
export class PartitionComparer {
  private slots = new Int32Array(0);
  /** Each slot's identifier's hash (low half): most probes are settled without reading its entry. */
  private slotLow = new Uint32Array(0);
  private keyAt = new Int32Array(0);
  private state = new Uint8Array(0);
  private entryDistinct = new Int32Array(0);

  /**
   * Adds one partition's counts to `counts` and marks its rows in `sets`: `words` holds the base's
   * entries in [0, headStart) and the head's in [headStart, end).
   */
  compare(words: Uint32Array, headStart: number, end: number, counts: IdentifierCounts, sets: Record<IdentifierSetName, RowSink>): void {
    const entries = entryCount(words, 0, end);
    if (entries === 0) return;
    let capacity = 16;
    while (capacity < entries * 2) capacity *= 2;
    const mask = capacity - 1;
    // Slot → distinct identifier + 1 (0: empty); a distinct identifier's key is its first entry.
    const slots = (this.slots = atLeast(this.slots, capacity, (size) => new Int32Array(size)));
    slots.fill(0, 0, capacity);
    const slotLow = (this.slotLow = atLeast(this.slotLow, capacity, (size) => new Uint32Array(size)));
    const keyAt = (this.keyAt = atLeast(this.keyAt, entries, (size) => new Int32Array(size)));
    const state = (this.state = atLeast(this.state, entries, (size) => new Uint8Array(size)));
    state.fill(0, 0, entries);
    const entryDistinct = (this.entryDistinct = atLeast(this.entryDistinct, entries, (size) => new Int32Array(size)));
    let distinct = 0;
    let entry = 0;
    for (let at = 0; at < end; entry++) {
      const high = words[at]!;
      const low = words[at + 1]!;
      const header = words[at + 3]!;
      const length = header & LENGTH_MASK;
      const size = ENTRY_HEADER_WORDS + ((length + 3) >>> 2);
      let slot = (low ^ (high >>> 7)) & mask;
      let found = -1;
      for (;;) {
        const held = slots[slot]!;
        if (held === 0) break;
        if (slotLow[slot] === low) {
          const key = keyAt[held - 1]!;
          if (words[key] === high && (words[key + 3]! & LENGTH_MASK) === length && sameWords(words, key, at, size)) {
            found = held - 1;
            break;
          }
        }
        slot = (slot + 1) & mask;
      }
      if (found < 0) {
        found = distinct++;
        keyAt[found] = at;
        slots[slot] = found + 1;
        slotLow[slot] = low;
      }
      const failing = (header & FAILING_BIT) !== 0;
      state[found]! |= at < headStart ? BASE_PRESENT | (failing ? BASE_FAILING : 0) : HEAD_PRESENT | (failing ? HEAD_FAILING : 0);
      entryDistinct[entry] = found;
      at += size;
    }
    for (let d = 0; d < distinct; d++) {
      const flags = state[d]!;
      if (flags & HEAD_FAILING && !(flags & BASE_FAILING)) counts.newlyFailing++;
      if (flags & BASE_FAILING && flags & HEAD_PRESENT && !(flags & HEAD_FAILING)) counts.fixed++;
      if (flags & BASE_FAILING && flags & HEAD_FAILING) counts.stillFailing++;
      if (flags & HEAD_PRESENT && !(flags & BASE_PRESENT)) counts.added++;
      if (flags & BASE_PRESENT && !(flags & HEAD_PRESENT)) counts.removed++;
    }
    // Each set's rows: every record of its identifiers in the run the set is listed from.
    entry = 0;
    for (let at = 0; at < end; entry++) {
      const row = words[at + 2]!;
      const flags = state[entryDistinct[entry]!]!;
      if (at < headStart) {
        if (!(flags & HEAD_PRESENT)) sets.removed.set(row);
      } else {
        if (flags & HEAD_FAILING && !(flags & BASE_FAILING)) sets.newlyFailing.set(row);
        if (flags & BASE_FAILING && !(flags & HEAD_FAILING)) sets.fixed.set(row);
        if (flags & BASE_FAILING && flags & HEAD_FAILING) sets.stillFailing.set(row);
        if (!(flags & BASE_PRESENT)) sets.added.set(row);
      }
      at += ENTRY_HEADER_WORDS + (((words[at + 3]! & LENGTH_MASK) + 3) >>> 2);
    }
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
  new PartitionComparer().compare(words, base.length, base.length + head.length, counts, sets);
}

/** Whether the identifier bytes of two entries of the same length match (their padding is zero). */
function sameWords(words: Uint32Array, a: number, b: number, size: number): boolean {
  for (let k = ENTRY_HEADER_WORDS; k < size; k++) if (words[a + k] !== words[b + k]) return false;
  return true;
}
