import { describe, expect, it } from 'vitest';
import { PageArena } from './page-arena.js';

describe('PageArena', () => {
  it('hands out disjoint memory within a task', () => {
    const arena = new PageArena();
    const a = arena.take(600_000);
    const b = arena.take(600_000);
    const c = arena.take(3_000_000);
    a.fill(1);
    b.fill(2);
    c.fill(3);
    expect([a[599_999], b[0], b[599_999], c[0]]).toEqual([1, 2, 2, 3]);
  });

  it('reuses the same memory after a reset, grown to the largest task', () => {
    const arena = new PageArena();
    arena.take(700_000);
    const big = arena.take(2_000_000);
    arena.reset();
    const first = arena.take(2_500_000);
    const second = arena.take(200_000);
    // One chunk as large as the last task's pages: both fit without a new allocation.
    expect(first.buffer).toBe(second.buffer);
    expect(first.buffer).not.toBe(big.buffer);
    arena.reset();
    expect(arena.take(10).buffer).toBe(first.buffer);
  });
});
