import { describe, expect, test } from 'vitest';
import { emptyGroupList, type GroupList } from './group-list.js';
import { hashString, KeyTable } from './key-table.js';

function list(keys: Array<string | null>, hashes?: number[]): GroupList {
  const groups = emptyGroupList(1);
  groups.keys.push(...keys);
  for (const _ of keys) groups.counts.push(1);
  if (hashes !== undefined) groups.keyHashes = Int32Array.from(hashes);
  return groups;
}

describe('KeyTable', () => {
  test('a key is one index whether it came with a worker’s hash or as a string alone', () => {
    const table = new KeyTable();
    const hashed = list(['Invalid email', 'Rate limit', null], [hashString('Invalid email'), hashString('Rate limit'), 0]);
    expect([0, 1, 2].map((group) => table.indexOf(hashed, group))).toEqual([0, 1, 2]);
    const plain = list(['Rate limit', null, 'Invalid email', 'Zürich ✓']);
    expect([0, 1, 2, 3].map((group) => table.indexOf(plain, group))).toEqual([1, 2, 0, 3]);
    expect(table.size).toBe(4);
    expect([0, 1, 2, 3].map((index) => table.key(index))).toEqual(['Invalid email', 'Rate limit', null, 'Zürich ✓']);
  });

  test('keys whose hashes collide stay apart; thousands of keys survive the table growing', () => {
    const table = new KeyTable();
    const colliding = list(['a', 'b', 'a'], [7, 7, 7]);
    expect([0, 1, 2].map((group) => table.indexOf(colliding, group))).toEqual([0, 1, 0]);
    const many = Array.from({ length: 5000 }, (_, k) => `message ${k}`);
    const indexes = many.map((key) => table.indexOf(list([key]), 0));
    expect(indexes).toEqual(many.map((_, k) => k + 2));
    expect(many.map((key) => table.indexOf(list([key], [hashString(key)]), 0))).toEqual(indexes);
  });
});
