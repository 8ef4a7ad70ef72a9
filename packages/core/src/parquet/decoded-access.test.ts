import { describe, expect, it } from 'vitest';
import { firstOccurrences } from './byte-table.js';
import { dictionaryAccess } from './decoded-access.js';
import type { TextValues } from './page-decoder.js';

/** A dictionary laid out as the page decoder lays it out: one buffer, a start and length per entry. */
function textValues(entries: string[]): TextValues {
  const encoded = entries.map((entry) => new TextEncoder().encode(entry));
  const bytes = new Uint8Array(encoded.reduce((total, entry) => total + entry.length, 0));
  const starts = new Int32Array(entries.length);
  const lengths = new Int32Array(entries.length);
  let at = 0;
  encoded.forEach((entry, index) => {
    bytes.set(entry, at);
    starts[index] = at;
    lengths[index] = entry.length;
    at += entry.length;
  });
  return { bytes, starts, lengths };
}

describe('dictionaryAccess', () => {
  // Entries 3 and 5 repeat 0 and 1: legal in a dictionary page, and folded onto the first.
  const dictionary = ['rejected', 'Zoë 雪 🚀', '', 'rejected', 'a much longer value that is well past twenty-four bytes', 'Zoë 雪 🚀'];
  const indices = Int32Array.from([0, 3, -1, 1, 5, 2, 4, -1, 0]);
  const expected = [...indices].map((index) => (index < 0 ? null : dictionary[index]!));

  it('reads values and nulls', () => {
    const access = dictionaryAccess(textValues(dictionary), indices);
    expect(access.length).toBe(indices.length);
    expected.forEach((value, row) => {
      expect(access.string(row)).toBe(value);
      expect(access.isNull(row)).toBe(value === null);
      expect(access.byteLength(row)).toBe(value === null ? 0 : new TextEncoder().encode(value).length);
    });
  });

  it('interns repeated entries onto one id, null onto 0', () => {
    const access = dictionaryAccess(textValues(dictionary), indices);
    const ids = expected.map((_, row) => access.intern(row));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[3]).toBe(ids[4]);
    expect(ids[2]).toBe(0);
    expect(new Set(ids).size).toBe(new Set(expected).size);
    ids.forEach((id, row) => expect(access.internedValue(id)).toBe(expected[row]));
  });

  it('gives the same value whether a string was asked for by row or by id first', () => {
    const access = dictionaryAccess(textValues(dictionary), indices);
    expect(access.internedValue(access.intern(4))).toBe('Zoë 雪 🚀');
    expect(access.string(3)).toBe('Zoë 雪 🚀');
    expect(access.string(3)).toBe(access.internedValue(access.intern(3)));
  });

  it('compares raw bytes', () => {
    const access = dictionaryAccess(textValues(dictionary), indices);
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(access.equals(4, encode('Zoë 雪 🚀'))).toBe(true);
    expect(access.equals(0, encode('rejecte'))).toBe(false);
    expect(access.equals(2, encode(''))).toBe(false);
    expect(access.equals(5, encode(''))).toBe(true);
  });
});

describe('firstOccurrences', () => {
  it('maps every entry to the first with the same bytes, in dictionaries large enough to collide', () => {
    // 5,000 entries over 1,200 distinct values, some of equal length and close bytes.
    const entries = Array.from({ length: 5000 }, (_, index) => `message ${(index * 7919) % 1200}`);
    const canonical = firstOccurrences(textValues(entries));
    expect(canonical[0]).toBe(0);
    const first = new Map<string, number>();
    entries.forEach((entry, index) => {
      if (!first.has(entry)) first.set(entry, index);
      expect(canonical[index + 1]).toBe(first.get(entry)! + 1);
    });
  });

  it('handles an empty dictionary', () => {
    expect([...firstOccurrences(textValues([]))]).toEqual([0]);
  });
});
