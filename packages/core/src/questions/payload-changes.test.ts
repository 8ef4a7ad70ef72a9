import { describe, expect, test } from 'vitest';
import type { JsonValue } from '../model/json-value.js';
import { changedPayloadFields } from './payload-changes.js';

describe('changedPayloadFields', () => {
  test('names fields changed, added and removed; nested values compare deeply, keys in any order', () => {
    const previous = { a: 1, b: { x: [1, { y: 2 }], z: null }, gone: true, same: 'v' };
    const current = { same: 'v', b: { z: null, x: [1, { y: 2 }] }, a: 2, added: 'n' };
    expect(changedPayloadFields(previous, current)).toEqual(['a', 'added', 'gone']);
    expect(changedPayloadFields({ list: [1, 2] }, { list: [2, 1] })).toEqual(['list']);
    expect(changedPayloadFields({ v: 1 }, { v: '1' })).toEqual(['v']);
    expect(changedPayloadFields({ v: null }, { v: {} })).toEqual(['v']);
  });

  test('a payload that is not an object is the one field record_payload', () => {
    expect(changedPayloadFields('raw text', 'raw text')).toEqual([]);
    expect(changedPayloadFields('raw text', { a: 1 })).toEqual(['record_payload']);
    expect(changedPayloadFields(null, null)).toEqual([]);
    expect(changedPayloadFields([1], [1, 2])).toEqual(['record_payload']);
  });

  test('payloads thousands of levels deep compare without recursion', () => {
    const deep = (leaf: number): JsonValue => {
      let value: JsonValue = leaf;
      for (let level = 0; level < 50_000; level++) value = { n: value };
      return value;
    };
    expect(changedPayloadFields({ d: deep(1) }, { d: deep(1) })).toEqual([]);
    expect(changedPayloadFields({ d: deep(1) }, { d: deep(2) })).toEqual(['d']);
  });
});
