import { expect, it } from 'vitest';
import { floorMillis } from './epoch-millis.js';

it('floors to the millisecond in every unit, before and after 1970', () => {
  expect(floorMillis(-1n, 'micros')).toBe(-1);
  expect(floorMillis(-1000n, 'micros')).toBe(-1);
  expect(floorMillis(-1001n, 'micros')).toBe(-2);
  expect(floorMillis(1_709_251_199_999_999n, 'micros')).toBe(1_709_251_199_999);
  expect(floorMillis(-1n, 'nanos')).toBe(-1);
  expect(floorMillis(1_709_251_199_999_999_999n, 'nanos')).toBe(1_709_251_199_999);
  expect(floorMillis(-315_619_200_000_000_001n, 'nanos')).toBe(-315_619_200_001);
  expect(floorMillis(42n, 'millis')).toBe(42);
  expect(floorMillis(-3n, 'seconds')).toBe(-3000);
});
