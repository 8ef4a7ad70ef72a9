import { describe, expect, test } from 'vitest';
import { emptyGroupList, type GroupList } from './group-list.js';
import { keyBytesList as bytes } from './group-list-fixtures.js';
import { KeyTable } from './key-table.js';

const encoder = new TextEncoder();

/** A list of string keys, as the general path sends them. */
function strings(keys: Array<string | null>): GroupList {
  const list = emptyGroupList(1);
  for (const key of keys) {
    list.keys.push(key);
    list.counts.push(1);
    list.exampleEnds.push(0);
  }
  return list;
}

/** What `order` promises, in plain JavaScript. */
function expectedOrder(texts: Array<string | null>, counts: number[]): Array<string | null> {
  return texts
    .map((text, group) => ({ text, count: counts[group]! }))
    .sort((a, b) => b.count - a.count || (a.text === b.text ? 0 : a.text === null ? 1 : b.text === null ? -1 : a.text < b.text ? -1 : 1))
    .map(({ text }) => text);
}

/** A seeded generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('KeyTable', () => {
  test('a key is one group whether it came as bytes or as a string; null and the empty string are two', () => {
    const table = new KeyTable();
    expect([...table.add(bytes(['Invalid email', 'Rate limit', null, '']))]).toEqual([0, 1, 2, 3]);
    expect([...table.add(strings(['Rate limit', null, 'Invalid email', 'Zürich ✓', '']))]).toEqual([1, 2, 0, 4, 3]);
    expect([...table.add(bytes(['Zürich ✓', 'Zürich ✓', null]))]).toEqual([4, 4, 2]);
    expect(table.size).toBe(5);
    expect([0, 1, 2, 3, 4].map((group) => table.text(group))).toEqual(['Invalid email', 'Rate limit', null, '', 'Zürich ✓']);
    expect(table.texts()).toEqual(['Invalid email', 'Rate limit', null, '', 'Zürich ✓']);
  });

  test('a hundred thousand keys that differ only in their last bytes survive the table growing', () => {
    const table = new KeyTable();
    const keys = Array.from({ length: 100_000 }, (_, k) => `INVALID_EMAIL_ADDRESS: Email: invalid email address: ${k.toString(16)}@@example.com`);
    for (let from = 0; from < keys.length; from += 7_000) expect([...table.add(bytes(keys.slice(from, from + 7_000)))]).toEqual(keys.slice(from, from + 7_000).map((_, k) => from + k));
    expect([...table.add(strings(keys.slice(0, 50).reverse()))]).toEqual(keys.slice(0, 50).map((_, k) => 49 - k));
    expect(table.text(99_999)).toBe(keys[99_999]);
  });

  test('orders groups by count, then by text in UTF-16 code units (as JavaScript compares strings), null last', () => {
    const next = random(7);
    // Characters of one, two, three and four UTF-8 bytes, among them U+E000 and up, which UTF-16 orders
    // after the surrogate pairs of U+10000 and up (in UTF-8, the other way round).
    const alphabet = ['a', 'b', 'A', ' ', '~', 'é', 'ÿ', '中', '\uE000', '\uFB01', '\uFFEE', '😀', '𝄞', '\u0000'];
    const texts = new Set<string>(['', 'a', 'ab', 'abc', '\uE000', '😀', '\uFB01x', '😀x']);
    const prefix = 'FIELD_CUSTOM_VALIDATION_EXCEPTION: a shared prefix longer than any digit ';
    while (texts.size < 3_000) {
      let text = next() < 0.5 ? prefix : '';
      const length = Math.floor(next() * 12);
      for (let at = 0; at < length; at++) text += alphabet[Math.floor(next() * alphabet.length)];
      texts.add(text);
    }
    const keys: Array<string | null> = [...texts, null];
    const table = new KeyTable();
    table.add(bytes(keys.slice(0, 1_500)));
    table.add(strings(keys.slice(1_500)));
    for (const counts of [keys.map(() => 1), keys.map(() => 1 + Math.floor(next() * 4)), keys.map((_, k) => k)]) {
      const ordered = Array.from(table.order(counts), (group) => table.text(group));
      const all = Array.from({ length: table.size }, (_, group) => table.text(group));
      expect(ordered).toEqual(expectedOrder(all, counts));
    }
  });

  test('keys whose bytes read alike (invalid UTF-8, a leading byte-order mark) are one group, in order by their text', () => {
    const table = new KeyTable();
    expect([...table.add(bytes(['Rate limit', 'zeta', 'alpha']))]).toEqual([0, 1, 2]);
    const bom = encoder.encode('\uFEFFRate limit');
    const invalid = Uint8Array.of(0x62, 0x61, 0x64, 0x20, 0xff);
    const otherInvalid = Uint8Array.of(0x62, 0x61, 0x64, 0x20, 0xc3);
    expect([...table.add(bytes([bom, invalid, 'zeta']))]).toEqual([0, 3, 1]);
    expect([...table.add(bytes([otherInvalid, null]))]).toEqual([3, 4]);
    expect([...table.add(strings(['bad \uFFFD', 'new']))]).toEqual([3, 5]);
    expect(table.size).toBe(6);
    expect(table.text(3)).toBe('bad \uFFFD');
    expect(table.texts()).toEqual(['Rate limit', 'zeta', 'alpha', 'bad \uFFFD', null, 'new']);
    const counts = [2, 1, 1, 1, 1, 1];
    expect(Array.from(table.order(counts), (group) => table.text(group))).toEqual(['Rate limit', 'alpha', 'bad \uFFFD', 'new', 'zeta', null]);
  });
});
