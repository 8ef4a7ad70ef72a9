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

  it('keeps room for a task a little larger than the largest so far', () => {
    const arena = new PageArena();
    arena.take(700_000);
    arena.take(2_000_000);
    arena.reset();
    // 2.9 MB in two parts after a task of 2.7 MB: both fit in the one chunk, which stays.
    const first = arena.take(2_000_000);
    const second = arena.take(900_000);
    expect(second.buffer).toBe(first.buffer);
    arena.reset();
    expect(arena.take(10).buffer).toBe(first.buffer);
  });

  it('hands out aligned per-row arrays that do not overlap the pages', () => {
    const arena = new PageArena();
    const page = arena.take(1001);
    const starts = arena.int32(50_000);
    const millis = arena.float64(50_000);
    const lengths = arena.int32(3);
    expect([starts.byteOffset % 4, millis.byteOffset % 8, lengths.byteOffset % 4]).toEqual([0, 0, 0]);
    page.fill(7);
    starts.fill(-1);
    millis.fill(1.5);
    lengths.fill(9);
    expect([page[1000], starts[49_999], millis[0], millis[49_999], lengths[0]]).toEqual([7, -1, 1.5, 1.5, 9]);
  });
});
