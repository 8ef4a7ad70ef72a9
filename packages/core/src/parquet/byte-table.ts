// Distinct byte strings, in a hash table of a small WebAssembly module of ours
// (byte-table-wasm/byte-table.wat): a row group's dictionary entries folded onto their first
// occurrence, a run's error messages merged across row groups (scan/key-table.ts). Keys are looked
// up by their bytes, hashed, compared and copied in the module, not a byte at a time in JavaScript
// (hashing a dictionary's entries there was ~27 ms of a fresh decode worker's errors on 10k
// messages), and sorted there by their bytes in the order JavaScript compares the strings they
// encode.
import type { TextValues } from './page-values.js';
import { asciiText, decodeUtf8 } from './utf8-access.js';
import { alignTo, compiledModule, memoryOf } from './wasm-instance.js';
import { BYTE_TABLE_WASM } from './byte-table-wasm/byte-table-binary.js';

interface ByteTableExports {
  memory: WebAssembly.Memory;
  keys: WebAssembly.Global;
  slots: WebAssembly.Global;
  mask: WebAssembly.Global;
  arena: WebAssembly.Global;
  arenaEnd: WebAssembly.Global;
  count: WebAssembly.Global;
  intern(input: number, starts: number, lengths: number, hashes: number, n: number, out: number): number;
  rehash(): void;
  sort(order: number, n: number): void;
}

const byteTableModule = compiledModule(BYTE_TABLE_WASM);

/** Bytes a key record takes (hash, start, length), and a slot (hash, index + 1, start, length). */
const RECORD = 12;
const SLOT = 16;

/** Keys looked up: each one's index (-1 for a null key), and the new keys' bytes, in index order. */
export interface Interned {
  out: Int32Array;
  /** Keys from `before` on are new. */
  before: number;
  added: Uint8Array;
}

export class ByteTable {
  /** An instance of its own: its memory goes with the table. */
  private readonly wasm = new WebAssembly.Instance(byteTableModule()).exports as unknown as ByteTableExports;
  private slotRoom = 1024;
  private keyRoom = 512;
  private arenaRoom = 32 * 1024;
  /** Where the work of a call starts (after the arena). */
  private workAt = 0;

  constructor() {
    this.layout(this.slotRoom, this.keyRoom, this.arenaRoom);
  }

  /** Keys so far, numbered 0 to count - 1 in the order first seen. */
  get count(): number {
    return this.wasm.count.value as number;
  }

  /**
   * Looks up keys 0 to n - 1: key i is `lengths[i]` bytes of `bytes` from `starts[i]` (the keys'
   * bytes do not overlap), null when its length is -1, with its hash `hashes[i]` when given (as
   * `foldDictionary` gives them; else hashed here). A new key is added with the next index. The
   * views returned are valid until the next call.
   */
  intern(bytes: Uint8Array, starts: Int32Array, lengths: Int32Array, n: number, hashes?: Int32Array): Interned {
    const before = this.count;
    // New keys' bytes are at most the input's: keys do not overlap, and a key seen twice is new once.
    this.makeRoom(n + 1, bytes.length);
    const inputAt = this.workAt;
    const startsAt = alignTo(inputAt + bytes.length, 4);
    const lengthsAt = startsAt + 4 * n;
    const hashesAt = lengthsAt + 4 * n;
    const outAt = hashesAt + (hashes === undefined ? 0 : 4 * n);
    const buffer = memoryOf(this.wasm.memory, outAt + 4 * n);
    new Uint8Array(buffer, inputAt, bytes.length).set(bytes);
    new Int32Array(buffer, startsAt, n).set(starts.subarray(0, n));
    new Int32Array(buffer, lengthsAt, n).set(lengths.subarray(0, n));
    if (hashes !== undefined) new Int32Array(buffer, hashesAt, n).set(hashes.subarray(0, n));
    const arenaBefore = this.wasm.arenaEnd.value as number;
    this.wasm.intern(inputAt, startsAt, lengthsAt, hashes === undefined ? 0 : hashesAt, n, outAt);
    const arenaAt = this.wasm.arena.value as number;
    return {
      out: new Int32Array(buffer, outAt, n),
      before,
      added: new Uint8Array(buffer, arenaAt + arenaBefore, (this.wasm.arenaEnd.value as number) - arenaBefore),
    };
  }

  /** A null key: a record of length -1, in no slot (a group list's null key, sorted by the caller). */
  addNull(): number {
    const key = this.count;
    this.makeRoom(1, 0);
    new Int32Array(this.wasm.memory.buffer, this.wasm.keys.value as number, 3 * (key + 1)).set([0, 0, -1], 3 * key);
    this.wasm.count.value = key + 1;
    return key;
  }

  /**
   * Sorts each stretch `[stretches[2s], stretches[2s] + stretches[2s + 1])` of `keys` (indices, no
   * null key) by the keys' bytes as UTF-16 code units order the texts they encode: valid UTF-8 only.
   */
  sortStretches(keys: Int32Array, stretches: readonly number[]): void {
    // The module sorts elements of 16 bytes, the key's index at byte 8 (an Int32Array's 4 * e + 2).
    const orderAt = alignTo(this.workAt, 8);
    const elements = new Int32Array(memoryOf(this.wasm.memory, orderAt + 16 * keys.length), orderAt, 4 * keys.length);
    for (let at = 0; at < keys.length; at++) elements[4 * at + 2] = keys[at]!;
    for (let s = 0; s < stretches.length; s += 2) if (stretches[s + 1]! > 1) this.wasm.sort(orderAt + 16 * stretches[s]!, stretches[s + 1]!);
    for (let at = 0; at < keys.length; at++) keys[at] = elements[4 * at + 2]!;
  }

  /** The hashes of keys `keys` (indices; -1, a null key, has none: 0). */
  hashesOf(keys: Int32Array): Int32Array {
    const records = new Int32Array(this.wasm.memory.buffer, this.wasm.keys.value as number, 3 * this.count);
    const hashes = new Int32Array(keys.length);
    for (let at = 0; at < keys.length; at++) if (keys[at]! >= 0) hashes[at] = records[3 * keys[at]!]!;
    return hashes;
  }

  /** Key `key`'s bytes as text (null for a null key). */
  text(key: number): string | null {
    const [start, length] = this.record(key);
    if (length < 0) return null;
    const arena = this.wasm.arena.value as number;
    return decodeUtf8(new Uint8Array(this.wasm.memory.buffer, arena + start, length), 0, length);
  }

  /**
   * Every key's bytes as text, in key order. The keys' bytes lie in key order: ASCII ones (most
   * messages) are decoded in one call and cut.
   */
  texts(): Array<string | null> {
    const count = this.count;
    const arena = new Uint8Array(this.wasm.memory.buffer, this.wasm.arena.value as number, this.wasm.arenaEnd.value as number);
    const ascii = asciiText(arena);
    const records = new Int32Array(this.wasm.memory.buffer, this.wasm.keys.value as number, 3 * count);
    const texts = new Array<string | null>(count);
    for (let key = 0; key < count; key++) {
      const start = records[3 * key + 1]!;
      const length = records[3 * key + 2]!;
      texts[key] = length < 0 ? null : ascii !== null ? ascii.slice(start, start + length) : decodeUtf8(arena, start, start + length);
    }
    return texts;
  }

  /** Empty again, its memory kept (a thread's table for one dictionary after another). */
  reset(): void {
    this.wasm.count.value = 0;
    this.wasm.arenaEnd.value = 0;
    new Uint8Array(this.wasm.memory.buffer, 0, SLOT * this.slotRoom).fill(0);
  }

  /** Key `key`'s start in the arena and length (-1: null). */
  private record(key: number): [number, number] {
    const records = new Int32Array(this.wasm.memory.buffer, (this.wasm.keys.value as number) + 12 * key, 3);
    return [records[1]!, records[2]!];
  }

  /** Room for `keys` more keys and `bytes` more bytes of them. */
  private makeRoom(keys: number, bytes: number): void {
    const count = this.count + keys;
    const arenaEnd = (this.wasm.arenaEnd.value as number) + bytes;
    if (count * 3 <= this.slotRoom * 2 && count <= this.keyRoom && arenaEnd <= this.arenaRoom) return;
    // Slots at most two-thirds full; keys and bytes grow by half (two 10M-record runs' 267k messages
    // peaked compareRuns 40 MB higher with tables half full that doubled).
    let { slotRoom, keyRoom, arenaRoom } = this;
    while (count * 3 > slotRoom * 2) slotRoom *= 2;
    while (count > keyRoom) keyRoom = Math.ceil(keyRoom * 1.5);
    while (arenaEnd > arenaRoom) arenaRoom = Math.ceil(arenaRoom * 1.5);
    this.layout(slotRoom, keyRoom, arenaRoom);
  }

  /** Regions in order: slots, keys, arena, then the work of a call. Each only grows, so moves up. */
  private layout(slotRoom: number, keyRoom: number, arenaRoom: number): void {
    const { wasm } = this;
    const keysAt = SLOT * slotRoom;
    const arenaAt = keysAt + RECORD * keyRoom;
    this.workAt = alignTo(arenaAt + arenaRoom, 8);
    const memory = new Uint8Array(memoryOf(wasm.memory, this.workAt));
    const count = wasm.count.value as number;
    memory.copyWithin(arenaAt, wasm.arena.value as number, (wasm.arena.value as number) + (wasm.arenaEnd.value as number));
    memory.copyWithin(keysAt, wasm.keys.value as number, (wasm.keys.value as number) + RECORD * count);
    memory.fill(0, 0, SLOT * slotRoom);
    wasm.slots.value = 0;
    wasm.mask.value = slotRoom - 1;
    wasm.keys.value = keysAt;
    wasm.arena.value = arenaAt;
    this.slotRoom = slotRoom;
    this.keyRoom = keyRoom;
    this.arenaRoom = arenaRoom;
    wasm.rehash();
  }
}

/** This thread's table for folding dictionaries (reset for each), kept after dictionaries of up to this many entries. */
let dictionaries: ByteTable | undefined;
const KEEP_ENTRIES = 16 * 1024;

/** A dictionary's entries folded onto their first occurrences, with their hashes when asked. */
export interface FoldedDictionary {
  /** For each dictionary position + 1, the position + 1 of the first entry with the same bytes (slot 0, null, stays 0). */
  canonical: Int32Array;
  /** Each entry's hash, as a `ByteTable` computes it (`ByteTable.intern`'s `hashes`). */
  hashes: Int32Array | null;
}

/** The dictionary's entries looked up in this thread's byte table. */
export function foldDictionary(dictionary: TextValues, withHashes: boolean): FoldedDictionary {
  const table = (dictionaries ??= new ByteTable());
  table.reset();
  // A table grown for a dictionary of hundreds of thousands of entries is not kept.
  if (dictionary.starts.length > KEEP_ENTRIES) dictionaries = undefined;
  const entries = dictionary.starts.length;
  const { out } = table.intern(dictionary.bytes, dictionary.starts, dictionary.lengths, entries);
  // Keys are numbered in the order first seen: key k's first entry is the k-th new one.
  const canonical = new Int32Array(entries + 1);
  const first = new Int32Array(entries);
  let keys = 0;
  for (let entry = 0; entry < entries; entry++) {
    const key = out[entry]!;
    if (key === keys) first[keys++] = entry;
    canonical[entry + 1] = key < 0 ? 0 : first[key]! + 1;
  }
  return { canonical, hashes: withHashes ? table.hashesOf(out) : null };
}

/** `foldDictionary`'s canonical entries. */
export function firstOccurrences(dictionary: TextValues): Int32Array {
  return foldDictionary(dictionary, false).canonical;
}
