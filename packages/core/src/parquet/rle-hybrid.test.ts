import { describe, expect, it } from 'vitest';
import { countRleHybrid, decodeRleHybrid, pickDefinedRanks, pickRleHybrid, RleError } from './rle-hybrid.js';
import { seededRandom } from '../questions/seeded-random.js';

/** Encodes values as alternating RLE runs and bit-packed runs (the hybrid as Parquet writes it). */
function encode(values: number[], bitWidth: number, packedGroups = 3): Uint8Array {
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
      const groups = Math.min(packedGroups, Math.ceil((values.length - at) / 8));
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

/** Ascending positions below `count`: every `every`th, plus a few chosen at random. */
function somePositions(count: number, every: number, seed: number): number[] {
  const random = seededRandom(seed);
  const chosen = new Set<number>([0, count - 1]);
  for (let at = 0; at < count; at += every) chosen.add(at);
  for (let k = 0; k < 40; k++) chosen.add(Math.floor(random() * count));
  return [...chosen].sort((a, b) => a - b);
}

describe('pickRleHybrid', () => {
  it.each([1, 2, 3, 5, 8, 12, 17, 24])('gives what decodeRleHybrid gives at the positions asked, width %i', (bitWidth) => {
    const random = seededRandom(100 + bitWidth);
    const distinct = Math.min(2 ** bitWidth, 5000);
    const values = Array.from({ length: 5000 }, (_, k) => (k % 300 < 120 ? 1 % distinct : Math.floor(random() * distinct)));
    const bytes = encode(values, bitWidth);
    for (const every of [1, 7, 97, 5000]) {
      const positions = somePositions(values.length, every, every);
      const picked = new Int32Array(positions.length);
      pickRleHybrid(bytes, 0, bytes.length, bitWidth, values.length, positions, picked);
      expect([...picked]).toEqual(positions.map((position) => values[position]));
    }
  });

  it('throws for positions past the values and for runs that end early', () => {
    const values = [0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 1, 2];
    const bytes = encode(values, 2);
    expect(() => pickRleHybrid(bytes, 0, bytes.length, 2, 12, [12], new Int32Array(1))).toThrow(RleError);
    expect(() => pickRleHybrid(bytes, 0, bytes.length, 2, 40, [39], new Int32Array(1))).toThrow(RleError);
    expect(() => pickRleHybrid(bytes, 0, 2, 2, 12, [5], new Int32Array(1))).toThrow(RleError);
    expect(() => pickRleHybrid(bytes, 0, bytes.length, 25, 12, [0], new Int32Array(1))).toThrow(RleError);
  });
});

describe('pickDefinedRanks', () => {
  it.each([0.02, 0.5, 0.92, 1])('gives each row its place among the values, or -1 when null (%f defined)', (share) => {
    const random = seededRandom(Math.round(share * 1000));
    // Long runs of each level as well as scattered ones, so both run kinds are crossed.
    const levels = Array.from({ length: 6000 }, (_, k) => (k % 1000 < 200 ? Math.floor(k / 1000) % 2 : random() < share ? 1 : 0));
    const bytes = encode(levels, 1);
    for (const every of [1, 3, 64, 6000]) {
      const rows = somePositions(levels.length, every, every + 1);
      const ranks = new Int32Array(rows.length);
      pickDefinedRanks(bytes, 0, bytes.length, levels.length, rows, ranks);
      const expected = rows.map((row) => (levels[row] === 1 ? levels.slice(0, row).filter((level) => level === 1).length : -1));
      expect([...ranks]).toEqual(expected);
    }
  });

  it('throws for rows past the levels and for runs that end early', () => {
    const bytes = encode([1, 0, 1, 1, 0, 0, 0, 0, 0, 1], 1);
    expect(() => pickDefinedRanks(bytes, 0, bytes.length, 10, [10], new Int32Array(1))).toThrow(RleError);
    expect(() => pickDefinedRanks(bytes, 0, bytes.length, 100, [99], new Int32Array(1))).toThrow(RleError);
    expect(() => pickDefinedRanks(bytes, 0, 1, 10, [9], new Int32Array(1))).toThrow(RleError);
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
    const picked = new Int32Array(3).fill(-1);
    pickRleHybrid(bytes, 0, bytes.length, 0, total, [0, 150, total - 1], picked);
    expect([...picked]).toEqual([0, 0, 0]);
  });
});
