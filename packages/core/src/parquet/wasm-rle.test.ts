import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { seededRandom } from '../questions/seeded-random.js';
import { RLE_WASM } from './rle-wasm/rle-binary.js';
import { encodeRleHybrid } from './rle-fixtures.js';
import { RleError } from './rle-runs.js';
import { decodeRleHybrid, definedRanks, indicesAt, matchPageRows } from './wasm-rle.js';

/** Ascending positions below `count`: every `every`th, plus a few chosen at random. */
function somePositions(count: number, every: number, seed: number): number[] {
  const random = seededRandom(seed);
  const chosen = new Set<number>([0, count - 1]);
  for (let at = 0; at < count; at += every) chosen.add(at);
  for (let k = 0; k < 40; k++) chosen.add(Math.floor(random() * count));
  return [...chosen].sort((a, b) => a - b);
}

const outside = (index: number) => new Error(`outside: ${index}`);

/** Values with long runs of one value and stretches of random ones, below `distinct`. */
function someValues(length: number, distinct: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length }, (_, k) => (k % 300 < 120 ? 1 % distinct : Math.floor(random() * distinct)));
}

describe('rle.wasm', () => {
  it('is what rle.wat assembles to (run `npm run build:wasm -w @synctrack/core` after editing it)', async () => {
    expect(await assembleWat('parquet/rle-wasm/', 'rle.wat')).toBe(RLE_WASM);
  });
});

describe('decodeRleHybrid', () => {
  it.each([0, 1, 2, 3, 5, 8, 12, 17, 24])('decodes runs of width %i, from an offset, into an offset', (bitWidth) => {
    const values = someValues(5000, 2 ** bitWidth, bitWidth);
    const runs = encodeRleHybrid(values, bitWidth);
    // Bytes before and after the runs, which the decoder must not read as values.
    const bytes = Uint8Array.from([0xff, 0xff, 0xff, ...runs, 0xff, 0xff]);
    const out = new Int32Array(values.length + 2).fill(-7);
    const reached = decodeRleHybrid(bytes, 3, 3 + runs.length, bitWidth, out, 1, values.length);
    expect([...out.subarray(1, values.length + 1)]).toEqual(values);
    expect([out[0], out[values.length + 1]]).toEqual([-7, -7]);
    expect(reached).toBe(3 + runs.length);
  });

  it('reads a last bit-packed run a writer ended early, as far as the values asked for', () => {
    // 10 values of width 3 in one bit-packed run of 2 groups, but only 4 of its 6 bytes written.
    const values = [1, 2, 3, 4, 5, 6, 7, 0, 1, 2];
    let packed = 0n;
    values.forEach((value, k) => (packed |= BigInt(value) << BigInt(3 * k)));
    const written = Array.from({ length: 4 }, (_, k) => Number((packed >> BigInt(8 * k)) & 0xffn));
    const bytes = Uint8Array.from([(2 << 1) | 1, ...written]);
    const out = new Int32Array(10);
    expect(decodeRleHybrid(bytes, 0, bytes.length, 3, out, 0, 10)).toBe(bytes.length);
    expect([...out]).toEqual(values);
    // One value more than its bytes hold is refused.
    expect(() => decodeRleHybrid(bytes, 0, bytes.length, 3, new Int32Array(11), 0, 11)).toThrow(RleError);
  });

  it('takes run headers of up to six bytes, and refuses longer ones and malformed runs', () => {
    // A repeated run of 3 whose header is padded to six bytes, then one of seven.
    const six = Uint8Array.from([0x86, 0x80, 0x80, 0x80, 0x80, 0x00, 5]);
    const out = new Int32Array(3);
    decodeRleHybrid(six, 0, six.length, 3, out, 0, 3);
    expect([...out]).toEqual([5, 5, 5]);
    const seven = Uint8Array.from([0x86, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 5]);
    expect(() => decodeRleHybrid(seven, 0, seven.length, 3, out, 0, 3)).toThrow(RleError);
    const runs = encodeRleHybrid([0, 1, 2, 3, 3, 3, 3, 3, 3, 3], 2);
    expect(() => decodeRleHybrid(runs, 0, runs.length, 2, new Int32Array(40), 0, 40)).toThrow(RleError);
    expect(() => decodeRleHybrid(runs, 0, 1, 2, new Int32Array(10), 0, 10)).toThrow(RleError);
    // A repeated value whose bytes are missing, a header cut off, a width out of range.
    expect(() => decodeRleHybrid(Uint8Array.from([4 << 1]), 0, 1, 12, new Int32Array(4), 0, 4)).toThrow(/repeated value/);
    expect(() => decodeRleHybrid(Uint8Array.from([0x80]), 0, 1, 2, new Int32Array(4), 0, 4)).toThrow(/header/);
    expect(() => decodeRleHybrid(runs, 0, runs.length, 25, new Int32Array(10), 0, 10)).toThrow(/bit width 25/);
  });
});

describe('indicesAt', () => {
  it.each([1, 2, 3, 5, 8, 12, 17, 24])('gives the decoded values at the places asked, width %i', (bitWidth) => {
    const values = someValues(5000, Math.min(2 ** bitWidth, 5000), 100 + bitWidth);
    const body = Uint8Array.from([bitWidth, ...encodeRleHybrid(values, bitWidth)]);
    for (const every of [1, 7, 97, 5000]) {
      const ranks = Int32Array.from(somePositions(values.length, every, every));
      expect([...indicesAt(body, 0, ranks, 5000, outside)!]).toEqual([...ranks].map((rank) => values[rank]));
    }
    // Places of null rows (-1) get 0.
    expect([...indicesAt(body, 0, Int32Array.from([-1, 3, -1, 4999]), 5000, outside)!]).toEqual([0, values[3], 0, values[4999]]);
    expect([...indicesAt(body, 0, Int32Array.from([-1, -1]), 5000, outside)!]).toEqual([0, 0]);
  });

  it('refuses an index past the dictionary, places past the values and malformed runs; wider than 24 bits is not read', () => {
    const values = [0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 1, 2];
    const body = Uint8Array.from([2, ...encodeRleHybrid(values, 2)]);
    expect(() => indicesAt(body, 0, Int32Array.from([0, 5]), 3, outside)).toThrow('outside: 3');
    expect([...indicesAt(body, 0, Int32Array.from([0, 2]), 3, outside)!]).toEqual([0, 2]);
    expect(() => indicesAt(body, 0, Int32Array.from([39]), 4, outside)).toThrow(RleError);
    expect(() => indicesAt(body.subarray(0, 3), 0, Int32Array.from([5]), 4, outside)).toThrow(RleError);
    expect(() => indicesAt(body, body.length, Int32Array.from([0]), 4, outside)).toThrow(/missing/);
    expect(indicesAt(Uint8Array.from([25, 0]), 0, Int32Array.from([0]), 4, outside)).toBeNull();
  });
});

describe('definedRanks', () => {
  it.each([0.02, 0.5, 0.92, 1])('gives each row its place among the values, or -1 when null (%f defined)', (share) => {
    const random = seededRandom(Math.round(share * 1000));
    // Long runs of each level as well as scattered ones, so both run kinds are crossed.
    const levels = Array.from({ length: 6000 }, (_, k) => (k % 1000 < 200 ? Math.floor(k / 1000) % 2 : random() < share ? 1 : 0));
    // The levels after 4 bytes of something else, and values after them, as in a v1 page.
    const runs = encodeRleHybrid(levels, 1);
    const body = Uint8Array.from([9, 9, 9, 9, ...runs, 0xff, 0xff, 0xff]);
    for (const every of [1, 3, 64, 6000]) {
      const rows = somePositions(levels.length, every, every + 1);
      const expected = rows.map((row) => (levels[row] === 1 ? levels.slice(0, row).filter((level) => level === 1).length : -1));
      expect([...definedRanks(body, [4, 4 + runs.length], Int32Array.from(rows))]).toEqual(expected);
    }
  });

  it('refuses rows past the levels', () => {
    const runs = encodeRleHybrid([1, 0, 1, 1, 0, 0, 0, 0, 0, 1], 1);
    expect(() => definedRanks(runs, [0, runs.length], Int32Array.from([99]))).toThrow(RleError);
    expect(() => definedRanks(runs, [0, 1], Int32Array.from([9]))).toThrow(RleError);
  });
});

describe('matchPageRows', () => {
  it.each([
    ['every row holds a value', 1],
    ['some rows are null', 0.7],
    ['null rows pass', 0.7],
    ['every row is null', 0],
  ] as const)('selects the rows whose entry passes: %s', (name, share) => {
    const random = seededRandom(name.length);
    const count = 7000;
    const levels = Array.from({ length: count }, () => (random() < share ? 1 : 0));
    const indices = someValues(levels.filter((level) => level === 1).length, 40, 5);
    const pass = Uint8Array.from({ length: 40 }, (_, entry) => (entry % 3 === 0 ? 1 : 0));
    const nullPasses = name === 'null rows pass';
    const levelRuns = encodeRleHybrid(levels, 1);
    const withLevels = share < 1;
    const prefix = withLevels ? [...levelRuns] : [];
    const body = Uint8Array.from([...prefix, 6, ...encodeRleHybrid(indices, 6)]);
    const rows: number[] = [11, 12];
    const page = { body, levels: withLevels ? ([0, levelRuns.length] as [number, number]) : null, valuesAt: prefix.length, count };
    expect(matchPageRows(page, pass, nullPasses, 100_000, rows, outside)).toBe(true);
    const expected: number[] = [11, 12];
    for (let row = 0, value = 0; row < count; row++) {
      const passes = levels[row] === 1 || !withLevels ? pass[indices[value++]!] === 1 : nullPasses;
      if (passes) expected.push(100_000 + row);
    }
    expect(rows).toEqual(expected);
  });

  it('refuses an index past the dictionary; wider than 24 bits is not read', () => {
    const body = Uint8Array.from([2, ...encodeRleHybrid([0, 1, 2, 3, 1], 2)]);
    const page = { body, levels: null, valuesAt: 0, count: 5 };
    expect(() => matchPageRows(page, new Uint8Array(3), false, 0, [], outside)).toThrow('outside: 3');
    expect(matchPageRows({ ...page, body: Uint8Array.from([25, 0]) }, new Uint8Array(3), false, 0, [], outside)).toBe(false);
    expect(() => matchPageRows({ ...page, count: 20 }, new Uint8Array(4), false, 0, [], outside)).toThrow(RleError);
  });
});
