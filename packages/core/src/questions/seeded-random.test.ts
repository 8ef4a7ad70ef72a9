import { expect, it } from 'vitest';
import { pickDistinct, seededRandom } from './seeded-random.js';

it('gives the same sequence for the same seed and another for another seed', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom('other');
  const first = Array.from({ length: 5 }, () => a());
  expect(Array.from({ length: 5 }, () => b())).toEqual(first);
  expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
});

it('picks distinct, sorted, in-range positions, all of them when asked for more', () => {
  const picks = pickDistinct(1000, 100, seededRandom(1));
  expect(new Set(picks).size).toBe(100);
  expect(picks).toEqual([...picks].sort((x, y) => x - y));
  expect(picks.every((pick) => pick >= 0 && pick < 1000)).toBe(true);
  expect(pickDistinct(3, 10, seededRandom(1))).toEqual([0, 1, 2]);
});

it('is uniform: every position is drawn about equally often', () => {
  const counts = new Array(20).fill(0);
  const random = seededRandom(7);
  for (let round = 0; round < 4000; round++) for (const pick of pickDistinct(20, 5, random)) counts[pick]++;
  // Expected 1000 each; a chi-square bound far beyond chance for 19 degrees of freedom.
  const chiSquare = counts.reduce((sum, count) => sum + (count - 1000) ** 2 / 1000, 0);
  expect(chiSquare).toBeLessThan(50);
});
