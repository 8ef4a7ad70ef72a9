// Byte ranges with the v1 semantics: cut at the end, RANGE_NOT_SATISFIABLE past it, suffixes capped at the size.
import type { ByteRange } from '@synctrack/core';
import { expect } from 'vitest';
import type { StorageScenario } from '../adapter-fixture.js';
import { expectBytes, expectStorageError, text, utf8 } from '../storage-assertions.js';

const KEY = 'ranges/digits.txt';
const CONTENT = '0123456789abcdef';

function rangeScenario(name: string, title: string, range: ByteRange, expected: string): StorageScenario {
  return {
    name,
    title,
    requires: ['write'],
    async run({ storage }) {
      await storage.write!(KEY, utf8(CONTENT));
      expect(text(await storage.read(KEY, { range }))).toBe(expected);
    },
  };
}

export const getRange = rangeScenario('getRange', 'reads an offset + length range', { offset: 2, length: 3 }, '234');
export const getRangeWhole = rangeScenario('getRangeWhole', 'a range covering the object returns it all', { offset: 0, length: 16 }, CONTENT);
export const getRangeCutAtEnd = rangeScenario(
  'getRangeCutAtEnd',
  'a range running past the end is cut at the end',
  { offset: 10, length: 100 },
  'abcdef',
);
export const getRangeLastByte = rangeScenario('getRangeLastByte', 'reads the last byte alone', { offset: 15, length: 1 }, 'f');
export const getSuffix = rangeScenario('getSuffix', 'reads a suffix', { suffix: 4 }, 'cdef');
export const getSuffixLongerThanObject = rangeScenario(
  'getSuffixLongerThanObject',
  'a suffix longer than the object returns the whole object',
  { suffix: 100 },
  CONTENT,
);
export const getRangeZeroLength = rangeScenario('getRangeZeroLength', 'a zero-length range reads nothing', { offset: 3, length: 0 }, '');
export const getSuffixZero = rangeScenario('getSuffixZero', 'a zero suffix reads nothing', { suffix: 0 }, '');

export const getRangeStartPastEnd: StorageScenario = {
  name: 'getRangeStartPastEnd',
  title: 'a range starting at or past the end is RANGE_NOT_SATISFIABLE',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!(KEY, utf8(CONTENT));
    await expectStorageError(storage.read(KEY, { range: { offset: 16, length: 4 } }), 'RANGE_NOT_SATISFIABLE', storage, KEY);
    await expectStorageError(storage.read(KEY, { range: { offset: 1000, length: 1 } }), 'RANGE_NOT_SATISFIABLE', storage, KEY);
  },
};

export const getRangeOfEmptyObject: StorageScenario = {
  name: 'getRangeOfEmptyObject',
  title: 'ranges of an empty object read nothing',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!('ranges/empty', new Uint8Array(0));
    expect((await storage.read('ranges/empty', { range: { offset: 0, length: 10 } })).length).toBe(0);
    expect((await storage.read('ranges/empty', { range: { suffix: 10 } })).length).toBe(0);
  },
};

/** Bytes that differ from position to position, so a range read at the wrong place shows. */
function patterned(size: number, step: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index++) bytes[index] = (index * step + (index >> 8)) % 251;
  return bytes;
}

export const getRangeLargeObject: StorageScenario = {
  name: 'getRangeLargeObject',
  title: 'reads exact byte ranges deep inside a larger object',
  requires: ['write'],
  async run({ storage }) {
    const size = 3 * 1024 * 1024 + 17;
    const bytes = patterned(size, 31);
    await storage.write!('ranges/large.bin', bytes);
    expect((await storage.stat('ranges/large.bin')).size).toBe(size);
    const offset = 2 * 1024 * 1024 + 3;
    expectBytes(await storage.read('ranges/large.bin', { range: { offset, length: 65_537 } }), bytes.slice(offset, offset + 65_537), 'inner range');
    expectBytes(await storage.read('ranges/large.bin', { range: { suffix: 8 } }), bytes.slice(size - 8), 'suffix');
    expectBytes(await storage.read('ranges/large.bin'), bytes, 'whole object');
  },
};

export const invalidRange: StorageScenario = {
  name: 'invalidRange',
  title: 'negative or fractional ranges are INVALID_ARGUMENT',
  requires: ['write'],
  async run({ storage }) {
    await storage.write!(KEY, utf8(CONTENT));
    for (const range of [{ offset: -1, length: 2 }, { offset: 0, length: 1.5 }, { suffix: -3 }] as ByteRange[]) {
      await expectStorageError(storage.read(KEY, { range }), 'INVALID_ARGUMENT', storage, KEY);
    }
  },
};

export const getRangeIntoAllocated: StorageScenario = {
  name: 'getRangeIntoAllocated',
  title: 'a read given an allocator returns the same bytes, in its memory or the adapter\'s',
  requires: ['write'],
  async run({ storage }) {
    const size = 2 * 1024 * 1024 + 5;
    const bytes = patterned(size, 7);
    await storage.write!('ranges/allocated.bin', bytes);
    const asked: number[] = [];
    const allocate = (length: number) => {
      asked.push(length);
      return new Uint8Array(new ArrayBuffer(length + 4096), 0, length).fill(0xee);
    };
    for (const [range, expected] of [
      [{ offset: 5, length: 1_500_000 }, bytes.slice(5, 1_500_005)],
      [{ offset: 7, length: 300 }, bytes.slice(7, 307)],
      [{ offset: size - 10, length: 1000 }, bytes.slice(size - 10)],
      [{ suffix: 12 }, bytes.slice(size - 12)],
    ] as Array<[ByteRange, Uint8Array]>) {
      expectBytes(await storage.read('ranges/allocated.bin', { range, allocate }), expected, JSON.stringify(range));
    }
    // An allocator is asked for exactly the bytes being read, if at all.
    for (const length of asked) expect([1_500_000, 300, 10, 12]).toContain(length);
  },
};

export const rangeScenarios = [
  getRange,
  getRangeWhole,
  getRangeCutAtEnd,
  getRangeLastByte,
  getSuffix,
  getSuffixLongerThanObject,
  getRangeZeroLength,
  getSuffixZero,
  getRangeStartPastEnd,
  getRangeOfEmptyObject,
  getRangeLargeObject,
  getRangeIntoAllocated,
  invalidRange,
] as const;
