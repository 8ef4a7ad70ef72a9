import { describe, expect, test } from 'vitest';
import { plainWindow } from './body-window.js';
import { PageDecodeError } from './page-decoder.js';
import { walkPlainValues, type TextSink } from './wasm-plain.js';

/** A PLAIN text page body: each defined row's value as its 4-byte length and bytes. */
function plainBody(values: Array<string | null>): Uint8Array {
  const encoder = new TextEncoder();
  const parts = values.filter((value): value is string => value !== null).map((value) => encoder.encode(value));
  const body = new Uint8Array(parts.reduce((size, part) => size + 4 + part.length, 0));
  const view = new DataView(body.buffer);
  let at = 0;
  for (const part of parts) {
    view.setUint32(at, part.length, true);
    body.set(part, at + 4);
    at += 4 + part.length;
  }
  return body;
}

/** What the walk hands over, as strings. */
function collect(values: Array<string | null>, rows: number[], body = plainBody(values)): Array<string | null | undefined> {
  const out: Array<string | null | undefined> = rows.map(() => undefined);
  const sink: TextSink = {
    value: (index, bytes, start, end) => (out[index] = new TextDecoder().decode(bytes.subarray(start, end))),
    null: (index) => (out[index] = null),
  };
  const defined = values.some((value) => value === null) ? Int32Array.from(values, (value) => (value === null ? 0 : 1)) : null;
  const take = rows.length === 0 ? 0 : rows[rows.length - 1]! + 1;
  walkPlainValues(plainWindow(body), 0, defined, take, rows, 0, rows.length, 0, sink);
  return out;
}

describe('walkPlainValues', () => {
  test('hands over the wanted rows of a page, nulls and repeated rows among them', () => {
    const values = Array.from({ length: 5000 }, (_, row) => (row % 17 === 3 ? null : `id-${row}-${'é'.repeat(row % 4)}`));
    for (const rows of [[0], [4999], [3, 3, 20, 4999], Array.from({ length: 5000 }, (_, row) => row).filter((row) => row % 7 === 2)]) {
      expect(collect(values, rows)).toEqual(rows.map((row) => values[row]));
    }
  });

  test('walks a page of several megabytes a stretch at a time, a wanted value of 2 MB included', () => {
    const values: Array<string | null> = Array.from({ length: 300_000 }, (_, row) => (row % 1001 === 0 ? null : `${row}`.padStart(10, '0')));
    values[150_000] = 'x'.repeat(2 * 1024 * 1024);
    const rows = [1, 149_999, 150_000, 150_001, 200_000, 299_999];
    expect(collect(values, rows)).toEqual(rows.map((row) => values[row]));
  });

  test('rows that are null at the end of a page need no bytes past it', () => {
    const values = ['a', 'b', null, null];
    expect(collect(values, [1, 3])).toEqual(['b', null]);
  });

  test('a length past the page is the page’s error, not a wrong value', () => {
    const body = plainBody(['abc', 'def']);
    new DataView(body.buffer).setUint32(7, 1_000_000, true);
    expect(() => collect(['abc', 'def', 'ghi'], [2], body)).toThrow(/runs past the page/);
    new DataView(body.buffer).setUint32(7, 0xfffffff0, true);
    expect(() => collect(['abc', 'def', 'ghi'], [2], body)).toThrow(PageDecodeError);
  });
});
