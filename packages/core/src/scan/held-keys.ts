// The keys (error messages) whose examples the calling thread already holds all of, shared with the
// decode workers as the keys' hashes (parquet/byte-table.ts computes them on both sides) in a
// SharedArrayBuffer: a worker counting a later row group takes no examples for a key whose hash is
// there, and where it then needs none at all it does not read the example column (the identifiers,
// the row group's largest chunk it decompresses). With 36 distinct messages every message has its
// five examples from the first row group, and the later ones' identifiers go unread (errors 1.25×
// faster in-process); with 10,000 each row group still owes a few examples near its end, so its
// identifier pages are decompressed all the same (no gain measured there).
//
// A hash names a key only up to collisions, so a worker may skip the examples of a key that is not
// held. The caller checks every list it merges (questions/errors.ts, `MessageGroups.short`) and
// reads a row group again where a group came short, without the set. Row groups are merged in the
// run's order, and a key is added once its examples are complete, so whatever a worker finds there
// it may skip.
//
// One thread writes (the caller), workers read while it does; a read of a slot being written sees
// it empty or filled, either of which is safe. The table grows by starting a new buffer: tasks
// already sent keep the old one, which only misses the newest keys.

/** The table's first size in slots; it doubles past half full. */
const FIRST_SLOTS = 1024;

export class HeldKeys {
  private slots = new Int32Array(new SharedArrayBuffer(FIRST_SLOTS * 4));
  private count = 0;

  /** Whether SharedArrayBuffer is there (not in a browser page without cross-origin isolation). */
  static available(): boolean {
    return typeof SharedArrayBuffer === 'function';
  }

  /** The buffer to send with a task: its slots as they are now and as they fill until the table grows. */
  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }

  /** Key `hash` (the byte table's hash of its bytes) has all the examples it will keep. */
  add(hash: number): void {
    const slot = placeOf(this.slots, hash);
    if (slot < 0) return;
    if (2 * (this.count + 1) > this.slots.length) {
      this.grow();
      insert(this.slots, hash);
    } else this.slots[slot] = stored(hash);
    this.count++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(new SharedArrayBuffer(old.length * 8));
    for (const hash of old) if (hash !== 0) insert(this.slots, hash);
  }
}

/** A worker's view of a `HeldKeys` buffer (`isHeld` reads it). */
export function heldSlotsOf(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer);
}

/**
 * Whether a key of hash `hash` may be held. A function of the slots, not a closure made for each
 * task: V8 had compiled its caller's loop for the one closure it had seen, and each task's new
 * one stopped that code (a deopt for a wrong call target).
 */
export function isHeld(slots: Int32Array, hash: number): boolean {
  return placeOf(slots, hash) < 0;
}

// 0 marks an empty slot: a key hashing to 0 is stored as 1 (a collision like any other).
function stored(hash: number): number {
  return hash === 0 ? 1 : hash | 0;
}

/** -1 when `hash` is in the table, else the empty slot where it would go. */
function placeOf(slots: Int32Array, hash: number): number {
  const value = stored(hash);
  const mask = slots.length - 1;
  for (let slot = value & mask; ; slot = (slot + 1) & mask) {
    const held = slots[slot]!;
    if (held === value) return -1;
    if (held === 0) return slot;
  }
}

function insert(slots: Int32Array, hash: number): void {
  const slot = placeOf(slots, hash);
  if (slot >= 0) slots[slot] = stored(hash);
}
