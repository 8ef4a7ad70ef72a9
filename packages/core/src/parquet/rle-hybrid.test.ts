import { describe, expect, it } from 'vitest';
import { countRleHybrid, decodeRleHybrid, RleError } from './rle-hybrid.js';
import { indicesAt } from './wasm-rle.js';
import { encodeRleHybrid as encode } from './rle-fixtures.js';
import { seededRandom } from '../questions/seeded-random.js';

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

  it.each([1, 2, 3])('counts long bit-packed runs of one value, width %i (counters spill before they overflow)', (bitWidth) => {
    // Runs of 100 groups: 800 of the same value pass through each table-driven counter.
    for (let value = 0; value < 2 ** bitWidth; value++) {
      const values = Array.from({ length: 4000 }, (_, k) => (k % 1000 === 0 ? 0 : value));
      const bytes = encode(values, bitWidth, 100);
      const counts = new Int32Array(2 ** bitWidth);
      countRleHybrid(bytes, 0, bytes.length, bitWidth, counts, values.length);
      const expected = new Int32Array(2 ** bitWidth);
      for (const each of values) expected[each]!++;
      expect([...counts], `value ${value}`).toEqual([...expected]);
    }
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

describe('width 0 (a dictionary of one entry)', () => {
  // RLE runs of width 0 store no value byte: a reader that takes the next byte as the value reads
  // the following run's header (or past the data), and counted nothing for a file whose records
  // all share one status. Runs of 5, 300 (a two-byte header) and 7, then a bit-packed run of 1 group.
  const bytes = Uint8Array.from([5 << 1, 0xd8, 0x04, 7 << 1, (1 << 1) | 1]);
  const total = 5 + 300 + 7 + 8;

  it('decodes, counts and picks zeros', () => {
    const decoded = new Int32Array(total).fill(-1);
    decodeRleHybrid(bytes, 0, bytes.length, 0, decoded, 0, total);
    expect(decoded.every((value) => value === 0)).toBe(true);
    const counts = new Int32Array(1);
    countRleHybrid(bytes, 0, bytes.length, 0, counts, total);
    expect([...counts]).toEqual([total]);
    // As indices of a dictionary page: a width byte (0), then the runs.
    const picked = indicesAt(Uint8Array.from([0, ...bytes]), 0, Int32Array.from([0, 150, total - 1]), 1, () => new Error('outside'));
    expect([...picked!]).toEqual([0, 0, 0]);
  });
});
