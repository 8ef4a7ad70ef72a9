import { describe, expect, it } from 'vitest';
import { countRleHybrid, decodeRleHybrid, RleError } from './rle-hybrid.js';
import { seededRandom } from '../client/seeded-random.js';

/** Encodes values as alternating RLE runs and bit-packed runs (the hybrid as Parquet writes it). */
function encode(values: number[], bitWidth: number): Uint8Array {
  const out: number[] = [];
  const varint = (value: number) => {
    while (value >= 0x80) {
      out.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 0x80);
    }
    out.push(value);
  };
  let at = 0;
  let packNext = false;
  while (at < values.length) {
    if (packNext) {
      const groups = Math.min(3, Math.ceil((values.length - at) / 8));
      varint((groups << 1) | 1);
      let acc = 0n;
      let bits = 0n;
      for (let k = 0; k < groups * 8; k++) {
        acc |= BigInt(values[at + k] ?? 0) << bits;
        bits += BigInt(bitWidth);
      }
      for (let b = 0; b < groups * bitWidth; b++) out.push(Number((acc >> BigInt(8 * b)) & 0xffn));
      at += groups * 8;
    } else {
      let run = 1;
      while (at + run < values.length && values[at + run] === values[at] && run < 200) run++;
      varint(run << 1);
      for (let b = 0; b < Math.ceil(bitWidth / 8); b++) out.push((values[at]! >> (8 * b)) & 0xff);
      at += run;
    }
    packNext = !packNext;
  }
  return Uint8Array.from(out);
}

describe('countRleHybrid', () => {
  it.each([1, 2, 3, 5, 8, 12])('counts what decodeRleHybrid decodes, width %i', (bitWidth) => {
    const random = seededRandom(bitWidth);
    const distinct = Math.min(2 ** bitWidth, 40);
    const values = Array.from({ length: 5000 }, (_, k) => (k % 300 < 120 ? 1 % distinct : Math.floor(random() * distinct)));
    const bytes = encode(values, bitWidth);
    const decoded = new Int32Array(values.length);
    decodeRleHybrid(bytes, 0, bytes.length, bitWidth, decoded, 0, values.length);
    expect([...decoded]).toEqual(values);
    const counts = new Int32Array(distinct);
    countRleHybrid(bytes, 0, bytes.length, bitWidth, counts, values.length);
    const expected = new Int32Array(distinct);
    for (const value of values) expected[value]!++;
    expect([...counts]).toEqual([...expected]);
  });

  it('throws for a value outside the counts, and for runs that end early', () => {
    const bytes = encode([0, 1, 2, 3, 3, 3, 3, 3, 3, 3], 2);
    expect(() => countRleHybrid(bytes, 0, bytes.length, 2, new Int32Array(3), 10)).toThrow(RleError);
    expect(() => countRleHybrid(bytes, 0, bytes.length, 2, new Int32Array(4), 40)).toThrow(RleError);
    expect(() => countRleHybrid(bytes, 0, 1, 2, new Int32Array(4), 10)).toThrow(RleError);
    // Whole groups of 3-bit values go through a table: a 7 among them is still refused.
    // One value in a run, then three whole groups of eight bit-packed, then one more run.
    const values = [0, ...[0, 1, 2, 3, 4, 5, 6, 7], ...[7, 6, 5, 4, 3, 2, 1, 0], ...[4, 4, 4, 4, 1, 1, 1, 1], 4];
    const wide = encode(values, 3);
    expect(() => countRleHybrid(wide, 0, wide.length, 3, new Int32Array(7), values.length)).toThrow(RleError);
    const counts = new Int32Array(8);
    countRleHybrid(wide, 0, wide.length, 3, counts, values.length);
    expect([...counts]).toEqual([3, 6, 2, 2, 7, 2, 2, 2]);
  });
});
