import { describe, expect, it } from 'vitest';
import { HeldKeys, heldSlotsOf, isHeld } from './held-keys.js';

/** Whether a task holding `buffer` would take a key of `hash` as held. */
const heldIn = (buffer: SharedArrayBuffer) => (hash: number) => isHeld(heldSlotsOf(buffer), hash);

describe('HeldKeys', () => {
  it('holds the hashes added, as a worker sees them in the buffer sent, through its growth', () => {
    const held = new HeldKeys();
    const first = held.buffer;
    const hashes = Array.from({ length: 5000 }, (_, index) => Math.imul(index + 1, 0x9e3779b1));
    held.add(hashes[0]!);
    // A task sent before a key was added sees it: the buffer is shared, not copied.
    expect(heldIn(first)(hashes[0]!)).toBe(true);
    for (const hash of hashes) held.add(hash);
    held.add(hashes[7]!); // again: no second entry
    const now = heldIn(held.buffer);
    expect(held.buffer).not.toBe(first);
    expect(hashes.every(now)).toBe(true);
    expect([1, 2, 3, -5, 0x7fffffff].filter((hash) => !hashes.includes(hash)).some(now)).toBe(false);
    // The old buffer misses only keys added after the table grew.
    expect(heldIn(first)(hashes[0]!)).toBe(true);
  });

  it('keeps a hash of 0 (stored as 1, a collision like any other) and negative hashes', () => {
    const held = new HeldKeys();
    const test = heldIn(held.buffer);
    expect(test(0)).toBe(false);
    held.add(0);
    held.add(-1);
    expect([test(0), test(1), test(-1), test(2)]).toEqual([true, true, true, false]);
  });
});
