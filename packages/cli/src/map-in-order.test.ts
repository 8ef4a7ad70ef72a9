import { describe, expect, it } from 'vitest';
import { mapInOrder } from './map-in-order.js';

describe('mapInOrder', () => {
  it('yields in input order with at most `concurrency` items in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results: number[] = [];
    for await (const value of mapInOrder([30, 5, 20, 1, 10, 2], 3, async (delay) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delay));
      inFlight--;
      return delay;
    })) {
      results.push(value);
    }
    expect(results).toEqual([30, 5, 20, 1, 10, 2]);
    expect(most).toBe(3);
  });

  it('passes a failure on when its turn comes, and stops launching when the consumer stops', async () => {
    const started: number[] = [];
    const work = async (value: number) => {
      started.push(value);
      if (value === 2) throw new Error('two');
      return value;
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of mapInOrder([1, 2, 3, 4, 5, 6], 2, work)) seen.push(value);
      })(),
    ).rejects.toThrow('two');
    expect(seen).toEqual([1]);
    expect(started.length).toBeLessThan(6);
  });
});
