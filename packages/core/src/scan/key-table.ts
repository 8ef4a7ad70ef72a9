// The distinct keys of a grouping, merged across row groups. Row groups send their keys with a hash
// of each key's UTF-8 bytes computed where it was read (`GroupList.keyHashes`, in a decode worker),
// and each key is looked up here in an open-addressing table of typed arrays by that hash, then
// compared as a string: the calling thread never hashes a key string. A Map of messages, each key
// a fresh string from a worker, spent ~90 ms a call hashing them in compareRuns on two 2M-record
// runs, on the thread the decode workers wait on for their next tasks. Lists without hashes (the
// general path) have theirs computed here.
import { utf8Hash } from '../parquet/utf8-access.js';
import { groupKey, type GroupList } from './group-list.js';

const encoder = new TextEncoder();

export class KeyTable {
  /** Slot → key index + 1 (0: empty). */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(256);
  private readonly keys: Array<string | null> = [];
  /** The null key's index (null is in no slot), or -1. */
  private nullIndex = -1;

  /** Distinct keys so far; their indexes are 0 to size - 1, in the order first seen. */
  get size(): number {
    return this.keys.length;
  }

  /** Key `index`. */
  key(index: number): string | null {
    return this.keys[index]!;
  }

  /** The index of group `group`'s key in `list`; a new key is added. */
  indexOf(list: GroupList, group: number): number {
    const key = groupKey(list, group);
    if (key === null) {
      if (this.nullIndex < 0) this.nullIndex = this.append(null, 0);
      return this.nullIndex;
    }
    const hash = list.keyHashes?.[group] ?? hashString(key);
    const mask = this.slots.length - 1;
    for (let slot = (hash ^ (hash >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]! - 1;
      if (held < 0) {
        const index = this.append(key, hash);
        this.slots[slot] = index + 1;
        if (this.keys.length * 2 > this.slots.length) this.rehash();
        return index;
      }
      if (this.hashes[held] === hash && this.keys[held] === key) return held;
    }
  }

  /** A new key, in no slot yet. */
  private append(key: string | null, hash: number): number {
    const index = this.keys.length;
    if (index === this.hashes.length) {
      const hashes = new Int32Array(index * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[index] = hash;
    this.keys.push(key);
    return index;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let index = 0; index < this.keys.length; index++) {
      if (index === this.nullIndex) continue;
      const hash = this.hashes[index]!;
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = index + 1;
    }
  }
}

/** Room for a string's UTF-8 bytes while it is hashed (at most 3 bytes a UTF-16 code unit). */
let scratch = new Uint8Array(1024);

/** `utf8Hash` of a string's UTF-8 bytes, as a decode worker hashes a key it reads (no buffer a call). */
export function hashString(key: string): number {
  if (key.length * 3 > scratch.length) scratch = new Uint8Array(key.length * 3);
  const { written } = encoder.encodeInto(key, scratch);
  return utf8Hash(scratch, 0, written);
}
