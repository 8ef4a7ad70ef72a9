import { Utf8, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Utf8Interner, utf8Access } from './utf8-access.js';

const values = ['succeeded', 'rejected', null, 'succeeded', '', 'Zoë 雪 🚀', 'rejected', null, 'a much longer value that is well past twenty-four bytes'];

describe('utf8Access', () => {
  const vector = vectorFromArray(values, new Utf8()) as Vector;
  const access = utf8Access(vector);

  it('reads values and nulls as Arrow does', () => {
    expect(access.length).toBe(values.length);
    values.forEach((value, row) => {
      expect(access.string(row)).toBe(value);
      expect(access.isNull(row)).toBe(value === null);
    });
  });

  it('interns equal values to one id and null to 0', () => {
    const ids = values.map((_, row) => access.intern(row));
    expect(ids[0]).toBe(ids[3]);
    expect(ids[1]).toBe(ids[6]);
    expect(ids[2]).toBe(0);
    expect(ids[7]).toBe(0);
    expect(new Set(ids).size).toBe(new Set(values).size);
    ids.forEach((id, row) => expect(access.internedValue(id)).toBe(values[row]));
  });

  it('compares raw bytes', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(access.equals(5, encode('Zoë 雪 🚀'))).toBe(true);
    expect(access.equals(0, encode('succeede'))).toBe(false);
    expect(access.equals(2, encode(''))).toBe(false);
    expect(access.equals(4, encode(''))).toBe(true);
  });

  it('works across several chunks and on sliced data', () => {
    const chunked = makeVector([vectorFromArray(['x', null], new Utf8()).data[0]!, vectorFromArray(['y', 'x'], new Utf8()).data[0]!]) as Vector;
    const chunkedAccess = utf8Access(chunked);
    expect([0, 1, 2, 3].map((row) => chunkedAccess.string(row))).toEqual(['x', null, 'y', 'x']);
    expect(chunkedAccess.intern(0)).toBe(chunkedAccess.intern(3));
    const sliced = vectorFromArray(['a', 'b', null, 'd'], new Utf8()).slice(1, 4) as Vector;
    const slicedAccess = utf8Access(sliced);
    expect([0, 1, 2].map((row) => slicedAccess.string(row))).toEqual(['b', null, 'd']);
  });
});

describe('Utf8Interner', () => {
  it('gives each distinct value one id, across table growth, and gives the values back', () => {
    const interner = new Utf8Interner();
    const encoder = new TextEncoder();
    const values = Array.from({ length: 5000 }, (_, k) => (k % 7 === 0 ? `ünïcødé ${k}` : `Invalid email for contact ${k * 7919}`));
    values.push('', 'a', 'ab');
    const bytes = values.map((value) => encoder.encode(`xx${value}yy`));
    const ids = bytes.map((encoded) => interner.intern(encoded, 2, encoded.length - 2));
    expect(new Set(ids).size).toBe(values.length);
    expect(interner.size).toBe(values.length);
    // Again, in reverse, from other buffers: the same ids.
    for (let k = values.length - 1; k >= 0; k--) {
      const again = encoder.encode(values[k]!);
      expect(interner.intern(again, 0, again.length)).toBe(ids[k]);
      expect(interner.value(ids[k]!)).toBe(values[k]);
    }
    expect(interner.value(0)).toBeNull();
  });
});
