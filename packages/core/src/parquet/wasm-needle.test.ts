import { describe, expect, test } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { plainNeedles } from './identifier-rows.js';
import { NEEDLE_WASM } from './needle-wasm/needle-binary.js';
import { lastNeedleAt } from './wasm-needle.js';

/** A small deterministic generator (an LCG): the same bytes every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
}

/** The same question answered one place at a time, from the end. */
function lastByScan(body: Uint8Array, needles: readonly Uint8Array[], from: number): number {
  for (let at = body.length; at-- > from; ) {
    if (needles.some((needle) => at + needle.length <= body.length && needle.every((byte, k) => body[at + k] === byte))) return at;
  }
  return -1;
}

describe('lastNeedleAt', () => {
  test('the committed binary is needle.wat assembled', async () => {
    expect(await assembleWat('parquet/needle-wasm/', 'needle.wat')).toBe(NEEDLE_WASM);
  });

  test('agrees with a scan one place at a time on random bytes of a small alphabet (every place a candidate)', () => {
    const random = lcg(17);
    const bytes = (length: number, alphabet: number) => Uint8Array.from({ length }, () => Math.floor(random() * alphabet));
    for (let trial = 0; trial < 5000; trial++) {
      const alphabet = 1 + Math.floor(random() * 3);
      const body = bytes(Math.floor(random() * 80), alphabet);
      const needles = Array.from({ length: 1 + Math.floor(random() * 3) }, () => bytes(1 + Math.floor(random() * 6), alphabet));
      const from = Math.floor(random() * (body.length + 2));
      expect(lastNeedleAt(body, needles, from), `${[...body]} / ${needles.map((needle) => [...needle])} from ${from}`).toBe(lastByScan(body, needles, from));
    }
  });

  test('finds an identifier at the first and the last place of a page of 100,000 values, and nowhere else', () => {
    const values = Array.from({ length: 100_000 }, (_, index) => String(1_000_000_000 + ((index * 7_919) % 8_999_999_999)));
    const body = Buffer.concat(plainNeedles(values));
    expect(lastNeedleAt(body, plainNeedles([values[0]!]), 0)).toBe(0);
    expect(lastNeedleAt(body, plainNeedles([values.at(-1)!]), 0)).toBe(body.length - 14);
    expect(lastNeedleAt(body, plainNeedles([values[5]!, values[3]!]), 0)).toBe(5 * 14);
    expect(lastNeedleAt(body, plainNeedles([values[0]!]), 1)).toBe(-1);
    expect(lastNeedleAt(body, plainNeedles(['0999999999']), 0)).toBe(-1);
    // A needle that is the whole haystack, and one longer than it.
    expect(lastNeedleAt(body.subarray(0, 14), plainNeedles([values[0]!]), 0)).toBe(0);
    expect(lastNeedleAt(body.subarray(0, 13), plainNeedles([values[0]!]), 0)).toBe(-1);
  });

  test('no needles, or a start past the end, find nothing', () => {
    expect(lastNeedleAt(new Uint8Array([1, 2, 3]), [], 0)).toBe(-1);
    expect(lastNeedleAt(new Uint8Array([1, 2, 3]), [new Uint8Array([3])], 3)).toBe(-1);
    expect(lastNeedleAt(new Uint8Array([1, 2, 3]), [new Uint8Array([3])], 2)).toBe(2);
  });
});
